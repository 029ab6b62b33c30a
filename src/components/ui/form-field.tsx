import { cloneElement, isValidElement, useId, type ReactElement, type ReactNode } from "react";
import { cn } from "@/lib/utils";
import { Label } from "./label";

/** The attributes that tie a control to its label, hint and error. */
export type TFieldControlProps = {
  id: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
  "aria-required"?: true;
};

type TFormFieldProps = {
  label: ReactNode;
  /** The control's id; generated when omitted. */
  id?: string;
  hint?: ReactNode;
  /** A message for this field; sets aria-invalid on the control and is read with it. */
  error?: string | string[];
  required?: boolean;
  className?: string;
  /**
   * One control element (Input, Select, Textarea…), which receives the wiring props,
   * or a function that receives them, for controls that need to place them itself.
   */
  children: ReactElement<Record<string, unknown>> | ((control: TFieldControlProps) => ReactNode);
};

/** Label + control + hint + error, wired with htmlFor, aria-describedby and aria-invalid. */
export function FormField({ label, id: idProp, hint, error, required, className, children }: TFormFieldProps) {
  const generatedId = useId();
  const id = idProp ?? generatedId;
  const message = Array.isArray(error) ? error.filter(Boolean).join(" ") : error;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = message ? `${id}-error` : undefined;

  const wiring = (existing?: unknown): TFieldControlProps => ({
    id,
    "aria-describedby": [typeof existing === "string" ? existing : undefined, hintId, errorId].filter(Boolean).join(" ") || undefined,
    "aria-invalid": message ? true : undefined,
    "aria-required": required ? true : undefined,
  });

  const control =
    typeof children === "function"
      ? children(wiring())
      : isValidElement(children)
        ? cloneElement(children, wiring(children.props["aria-describedby"]))
        : children;

  return (
    <div data-slot="form-field" className={cn("flex flex-col gap-1.5", className)}>
      <Label htmlFor={id} required={required}>
        {label}
      </Label>
      {control}
      {hint && (
        <p id={hintId} className="text-xs text-muted-foreground">
          {hint}
        </p>
      )}
      {message && (
        <p id={errorId} className="text-sm font-medium text-destructive">
          {message}
        </p>
      )}
    </div>
  );
}
