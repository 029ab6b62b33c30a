"use client";

import { Monitor, Smartphone } from "lucide-react";
import { useState } from "react";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/lib/utils";

const WIDTHS = { desktop: 640, phone: 375 } as const;

/** The rendered email in a sandboxed iframe, at desktop or phone width. */
export function EmailPreview({ subject, html }: { subject: string | null; html: string | null }) {
  const [device, setDevice] = useState<keyof typeof WIDTHS>("desktop");
  return (
    <div className="rounded-xl border border-border bg-muted/50 p-3" data-testid="email-preview">
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <p className="min-w-0 truncate text-sm">
          <span className="text-muted-foreground">Subject: </span>
          <span className="font-medium" data-testid="preview-subject">
            {subject ?? "…"}
          </span>
        </p>
        <div role="radiogroup" aria-label="Preview width" className="inline-flex rounded-md border border-input bg-surface p-0.5">
          {(["desktop", "phone"] as const).map((d) => (
            <button
              key={d}
              type="button"
              role="radio"
              aria-checked={device === d}
              onClick={() => setDevice(d)}
              className={cn(
                "inline-flex h-9 items-center gap-1.5 rounded px-3 text-sm font-medium",
                device === d ? "bg-primary text-primary-foreground" : "text-foreground hover:bg-muted",
              )}
            >
              {d === "desktop" ? <Monitor className="size-4" aria-hidden /> : <Smartphone className="size-4" aria-hidden />}
              {d === "desktop" ? "Desktop" : "Phone"}
            </button>
          ))}
        </div>
      </div>
      <div className="flex justify-center overflow-x-auto">
        {html ? (
          <iframe
            title={`Email preview, ${device} width`}
            srcDoc={html}
            sandbox=""
            style={{ width: WIDTHS[device] }}
            className="h-[720px] max-w-full shrink-0 rounded-lg border border-border bg-white shadow-sm transition-[width]"
          />
        ) : (
          <Skeleton className="h-[720px] w-full max-w-[640px]" />
        )}
      </div>
    </div>
  );
}
