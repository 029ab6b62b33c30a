import { cva, type VariantProps } from "class-variance-authority";
import { CircleCheck, CircleExclamationPoint, Info, TriangleExclamationPoint } from "lucide-react";
import type { ReactNode } from "react";
import { cn } from "@/lib/utils";

const alertVariants = cva("flex gap-3 rounded-lg border px-4 py-3 text-sm [&>svg]:mt-0.5 [&>svg]:size-4 [&>svg]:shrink-0", {
  variants: {
    variant: {
      info: "border-sky-200 bg-sky-50 text-sky-950 [&>svg]:text-info",
      success: "border-emerald-200 bg-emerald-50 text-emerald-950 [&>svg]:text-success",
      warning: "border-amber-200 bg-amber-50 text-amber-950 [&>svg]:text-warning",
      error: "border-red-200 bg-red-50 text-red-950 [&>svg]:text-destructive",
    },
  },
  defaultVariants: { variant: "info" },
});

const ICONS = { info: Info, success: CircleCheck, warning: TriangleExclamationPoint, error: CircleExclamationPoint };

export type TAlertProps = VariantProps<typeof alertVariants> & {
  title?: ReactNode;
  children?: ReactNode;
  /** Buttons or links placed under the message. */
  action?: ReactNode;
  className?: string;
  id?: string;
};

export function Alert({ title, children, variant, action, className, id }: TAlertProps) {
  const Icon = ICONS[variant ?? "info"];
  // Errors interrupt (role=alert); everything else is announced politely when it appears.
  return (
    <div id={id} data-slot="alert" role={variant === "error" ? "alert" : "status"} className={cn(alertVariants({ variant }), className)}>
      <Icon aria-hidden />
      <div className="min-w-0 flex-1">
        {title && <p className="font-semibold">{title}</p>}
        {children && <div className={cn("[&_a]:font-medium [&_a]:underline", title && "mt-0.5")}>{children}</div>}
        {action && <div className="mt-3 flex flex-wrap gap-2">{action}</div>}
      </div>
    </div>
  );
}
