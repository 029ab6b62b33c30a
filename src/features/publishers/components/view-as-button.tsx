"use client";

import { Eye } from "lucide-react";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { startViewAsAction } from "../actions";

/** Opens the merchant's app read only for 30 minutes, to help them on the phone (audited). */
export function ViewAsButton({ publisherSlug, merchantSlug }: { publisherSlug: string; merchantSlug: string }) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string>();
  return (
    <div className="flex flex-col items-end gap-1">
      <Button
        variant="outline"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const res = await startViewAsAction(publisherSlug, { merchantSlug });
            if (!res.ok) return setError(res.error);
            window.location.assign(res.data.path);
          })
        }
      >
        <Eye aria-hidden />
        View as this merchant
      </Button>
      {error && <p className="text-sm text-red-700">{error}</p>}
    </div>
  );
}
