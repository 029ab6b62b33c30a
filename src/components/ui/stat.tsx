import type { ReactNode } from "react";
import { cn } from "@/lib/utils";

/** One headline figure: a label, the value, and an optional line of context. */
export function Stat({ label, value, hint, icon, className }: { label: string; value: ReactNode; hint?: ReactNode; icon?: ReactNode; className?: string }) {
  return (
    <div data-slot="stat" className={cn("rounded-xl border border-border bg-surface p-5 shadow-sm", className)}>
      <div className="flex items-center justify-between gap-2">
        <p className="text-sm font-medium text-muted-foreground">{label}</p>
        {icon && (
          <span className="text-brand-700 [&_svg]:size-4" aria-hidden>
            {icon}
          </span>
        )}
      </div>
      <p className="mt-2 text-3xl font-semibold tabular-nums tracking-tight text-foreground">{value}</p>
      {hint && <p className="mt-1 text-xs text-muted-foreground">{hint}</p>}
    </div>
  );
}
