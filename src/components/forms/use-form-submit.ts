"use client";

import { type FormEvent, startTransition, useTransition } from "react";
import { requestFormReset } from "react-dom";

/**
 * Submits a form to `handler` and clears its fields only when the handler says it succeeded.
 * React's `<form action={fn}>` clears uncontrolled fields after every submission, refused ones
 * included, so a person whose input was refused would have to type it all again next to the
 * message that explains it.
 *
 * For one-field forms and forms whose fields live outside React (the list's ticked rows); a form
 * with several fields that have rules uses useZodForm (./use-zod-form.ts), which checks them with
 * the action's schema before the round trip.
 */
export function useFormSubmit(handler: (data: FormData) => Promise<boolean>) {
  const [pending, start] = useTransition();
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    start(async () => {
      if (await handler(data)) startTransition(() => requestFormReset(form));
    });
  };
  return { pending, onSubmit };
}
