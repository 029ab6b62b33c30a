"use client";

import { Eye } from "lucide-react";
import { useEffect, useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { endViewAsAction } from "../actions";

/**
 * On every page of a read-only "view as" (features/tenancy/view-as.ts): whose view it is, that it
 * is read only, when it ends, and the button that ends it. When the time is up the page reloads,
 * and the server, which no longer honours the view, answers with its 404.
 */
export function ViewAsBanner({
  merchantName,
  merchantSlug,
  publisherName,
  expiresAt,
}: {
  merchantName: string;
  merchantSlug: string;
  publisherName: string;
  expiresAt: string;
}) {
  const [pending, start] = useTransition();
  const [minutesLeft, setMinutesLeft] = useState(() => Math.max(0, Math.ceil((Date.parse(expiresAt) - Date.now()) / 60_000)));
  useEffect(() => {
    const tick = () => {
      const left = Date.parse(expiresAt) - Date.now();
      if (left <= 0) window.location.reload();
      else setMinutesLeft(Math.ceil(left / 60_000));
    };
    const timer = window.setInterval(tick, 15_000);
    return () => window.clearInterval(timer);
  }, [expiresAt]);
  return (
    <div
      role="status"
      data-testid="view-as-banner"
      className="sticky top-16 z-30 mb-4 flex flex-wrap items-center justify-between gap-3 rounded-lg border border-amber-300 bg-amber-100 px-4 py-2 text-amber-950 lg:top-2"
    >
      <p className="flex items-center gap-2 text-sm font-medium">
        <Eye aria-hidden className="size-4 shrink-0" />
        <span>
          Viewing {merchantName} as {publisherName} — read only
        </span>
        <span className="font-normal">
          · ends in {minutesLeft} {minutesLeft === 1 ? "minute" : "minutes"}
        </span>
      </p>
      <Button
        size="sm"
        variant="outline"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const res = await endViewAsAction(merchantSlug, {});
            if (!res.ok) return void toast.error(res.error);
            window.location.assign(res.data.path);
          })
        }
      >
        End view
      </Button>
    </div>
  );
}
