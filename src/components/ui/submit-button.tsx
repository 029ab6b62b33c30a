"use client";

import { useFormStatus } from "react-dom";
import { Button, type TButtonProps } from "./button";
import { Spinner } from "./spinner";

/** A form's submit button: disabled with a spinner while the form's action runs. */
export function SubmitButton({
  children,
  pendingLabel,
  disabled,
  ...props
}: Omit<TButtonProps, "type" | "asChild"> & {
  /** Shown instead of the children while pending, e.g. "Saving…". */
  pendingLabel?: string;
}) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" disabled={pending || disabled} aria-busy={pending || undefined} {...props}>
      {pending && <Spinner />}
      {pending && pendingLabel ? pendingLabel : children}
    </Button>
  );
}
