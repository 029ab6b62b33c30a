import { Inbox } from "lucide-react";
import type { ReactNode } from "react";
import { cn } from "@/lib/utils";

/** What to show when there is nothing yet — the description should say what to do next. */
export function EmptyState({
  icon,
  title,
  description,
  action,
  className,
  headingLevel = 2,
}: {
  /** Decorative; defaults to an inbox. */
  icon?: ReactNode;
  title: string;
  description: ReactNode;
  action?: ReactNode;
  className?: string;
  /** 1 when the empty state is the whole page (its title is then the page's heading). */
  headingLevel?: 1 | 2;
}) {
  const Heading = headingLevel === 1 ? "h1" : "h2";
  return (
    <div
      data-slot="empty-state"
      className={cn("flex flex-col items-center rounded-xl border border-dashed border-slate-300 bg-surface px-6 py-12 text-center", className)}
    >
      <div className="mb-4 flex size-12 items-center justify-center rounded-full bg-brand-50 text-brand-700 [&_svg]:size-6" aria-hidden>
        {icon ?? <Inbox />}
      </div>
      <Heading className="text-lg font-semibold text-foreground">{title}</Heading>
      <div className="mt-1 max-w-md text-sm text-muted-foreground">{description}</div>
      {action && <div className="mt-6 flex flex-wrap justify-center gap-2">{action}</div>}
    </div>
  );
}
