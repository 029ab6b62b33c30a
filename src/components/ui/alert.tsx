import { cva, type VariantProps } from "class-variance-authority";
import type { ReactNode } from "react";
import { cn } from "@/lib/utils";

const alertVariants = cva("rounded-lg border px-4 py-3 text-sm", {
  variants: {
    variant: {
      info: "border-sky-200 bg-sky-50 text-sky-950",
      success: "border-emerald-200 bg-emerald-50 text-emerald-950",
      warning: "border-amber-200 bg-amber-50 text-amber-950",
      error: "border-red-200 bg-red-50 text-red-950",
    },
  },
  defaultVariants: { variant: "info" },
});

export function Alert({ title, children, variant, className }: { title?: string; children?: ReactNode; className?: string } & VariantProps<typeof alertVariants>) {
  // Errors interrupt (role=alert); everything else is announced politely.
  return (
    <div role={variant === "error" ? "alert" : "status"} className={cn(alertVariants({ variant }), className)}>
      {title && <p className="font-semibold">{title}</p>}
      {children && <div className={title ? "mt-0.5" : undefined}>{children}</div>}
    </div>
  );
}
