import type { ComponentProps } from "react";
import { cn } from "@/lib/utils";
import { fieldClassName } from "./field-class-name";

export function Input({ className, type = "text", ...props }: ComponentProps<"input">) {
  return (
    <input
      type={type}
      data-slot="input"
      className={cn(fieldClassName, "h-10 px-3 py-2 file:mr-3 file:border-0 file:bg-transparent file:text-sm file:font-medium file:text-foreground", className)}
      {...props}
    />
  );
}

// Kept here too so existing `import { Select } from "@/components/ui/input"` keeps working.
export { Textarea } from "./textarea";
export { Select } from "./select";
