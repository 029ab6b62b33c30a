import type { ComponentProps } from "react";
import { cn } from "@/lib/utils";

/** A grey placeholder block; hidden from screen readers, so wrap a group of them in role="status". */
export function Skeleton({ className, ...props }: ComponentProps<"div">) {
  return <div data-slot="skeleton" aria-hidden className={cn("animate-pulse rounded-lg bg-slate-200/80 motion-reduce:animate-none", className)} {...props} />;
}
