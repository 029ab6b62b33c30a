import type { ComponentProps } from "react";
import { cn } from "@/lib/utils";

export function Label({ className, required, children, ...props }: ComponentProps<"label"> & { required?: boolean }) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: callers pass htmlFor or wrap their control
    <label data-slot="label" className={cn("text-sm font-medium leading-none text-foreground", className)} {...props}>
      {children}
      {required && (
        <>
          <span aria-hidden className="ml-0.5 text-destructive">
            *
          </span>
          <span className="sr-only"> (required)</span>
        </>
      )}
    </label>
  );
}
