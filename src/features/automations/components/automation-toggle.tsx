"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { toggleAutomationAction } from "../actions";

/** Turn on / Pause: one click, and the page re-reads the automation's state. */
export function AutomationToggle({
  merchantSlug,
  automationId,
  enabled,
  name,
}: {
  merchantSlug: string;
  automationId: string;
  enabled: boolean;
  name: string;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <Button
      size="sm"
      variant={enabled ? "outline" : "default"}
      disabled={pending}
      aria-label={`${enabled ? "Pause" : "Turn on"} ${name}`}
      onClick={() =>
        start(async () => {
          const res = await toggleAutomationAction(merchantSlug, { automationId, enabled: !enabled });
          if (!res.ok) {
            toast.error(res.error);
            return;
          }
          toast.success(enabled ? `${name} paused.` : `${name} is on.`);
          router.refresh();
        })
      }
    >
      {pending && <Spinner />}
      {enabled ? "Pause" : "Turn on"}
    </Button>
  );
}
