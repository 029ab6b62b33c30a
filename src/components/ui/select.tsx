import type { ComponentProps } from "react";
import { cn } from "@/lib/utils";
import { fieldClassName } from "./field-class-name";

/** A native <select> (keyboard, screen readers and touch for free), styled like the other fields. */
export function Select({ className, ...props }: ComponentProps<"select">) {
  return <select data-slot="select" className={cn(fieldClassName, "ui-select h-10 pl-3", className)} {...props} />;
}
