"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState, useTransition } from "react";
import { type DefaultValues, type FieldValues, get, type Path, type Resolver, useForm } from "react-hook-form";
import type { z } from "zod";
import type { TActionResult } from "@/lib/chain";
import { INVALID_INPUT_MESSAGE, plainIssueMap } from "@/lib/validation-messages";

const NO_ANSWER_MESSAGE = "The server did not answer, so nothing was saved. Check the connection and try again.";

type TOptions<TFields extends FieldValues, TSchema extends z.ZodType<unknown, FieldValues>> = {
  /** The schema the server action parses with: imported, never copied, so a rule has one home. */
  schema: TSchema;
  defaultValues: DefaultValues<TFields>;
  /**
   * The form's fields (as the controls hold them: text, "" for blank) as the schema's input.
   * Name the fields after the input's keys ("validHours.to") so the schema's issue paths and the
   * server's fieldErrors keys both land on the field they are about.
   */
  toInput: (fields: TFields) => z.input<TSchema>;
};

/**
 * A resolver that checks the form's fields, mapped by `toInput`, with `schema`, worded as the
 * server words its fieldErrors (plainIssueMap). `raw`: the action receives the input as the form
 * produced it, and parses it itself.
 */
export function zodFieldsResolver<TFields extends FieldValues, TSchema extends z.ZodType<unknown, FieldValues>>(
  schema: TSchema,
  toInput: (fields: TFields) => z.input<TSchema>,
): Resolver<TFields, unknown, z.input<TSchema>> {
  const check = zodResolver(schema as never, { error: plainIssueMap }, { raw: true }) as unknown as Resolver<z.input<TSchema>, unknown, z.input<TSchema>>;
  return (fields, context, options) => check(toInput(fields), context, options as never) as ReturnType<Resolver<TFields, unknown, z.input<TSchema>>>;
}

/**
 * react-hook-form checked in the browser with the server action's own zod schema. A bad value is
 * explained beside its field before any round trip; the server still parses everything, and its
 * fieldErrors (a rule only it can check, such as a name already taken) go on the same fields.
 */
export function useZodForm<TFields extends FieldValues, TSchema extends z.ZodType<unknown, FieldValues>>({
  schema,
  defaultValues,
  toInput,
}: TOptions<TFields, TSchema>) {
  const resolver = zodFieldsResolver<TFields, TSchema>(schema, toInput);
  const form = useForm<TFields, unknown, z.input<TSchema>>({ resolver, defaultValues, mode: "onSubmit", reValidateMode: "onChange" });
  const [formError, setFormError] = useState<string>();
  const [navigating, startNavigation] = useTransition();

  /**
   * An onSubmit handler: checks the fields, sends the input to `action`, then calls `onSuccess`
   * inside a transition (so a router.push keeps the form pending), or shows the server's answer:
   * its message above the form and each field message on its field (then `onRefused`, if given).
   */
  const submitTo = <T>(action: (input: z.input<TSchema>) => Promise<TActionResult<T>>, onSuccess: (data: T) => void, onRefused?: () => void) =>
    form.handleSubmit(
      async (input) => {
        setFormError(undefined);
        // No answer at all (the network dropped): say so, and keep everything that was typed.
        const res = await action(input).catch(() => null);
        if (!res) {
          setFormError(NO_ANSWER_MESSAGE);
          onRefused?.();
          return;
        }
        if (res.ok) {
          startNavigation(() => onSuccess(res.data));
          return;
        }
        setFormError(res.error);
        applyServerErrors(res.fieldErrors);
        onRefused?.();
      },
      () => {
        setFormError(INVALID_INPUT_MESSAGE);
        onRefused?.();
      },
    );

  const applyServerErrors = (fieldErrors: Record<string, string> | undefined) => {
    let first = true;
    for (const [path, message] of Object.entries(fieldErrors ?? {})) {
      form.setError(path as Path<TFields>, { type: "server", message }, { shouldFocus: first });
      first = false;
    }
  };

  /** The message for a field (or the first of several paths that has one), if any. */
  const errorOf = (...paths: string[]): string | undefined => {
    for (const path of paths) {
      const message: unknown = (get(form.formState.errors, path) as { message?: unknown } | undefined)?.message;
      if (typeof message === "string" && message) return message;
    }
    return undefined;
  };

  // "Correct the highlighted fields" goes once none is highlighted any more.
  const fieldsFixed = formError === INVALID_INPUT_MESSAGE && Object.keys(form.formState.errors).length === 0;
  return { form, submitTo, errorOf, formError: fieldsFixed ? undefined : formError, applyServerErrors, pending: form.formState.isSubmitting || navigating };
}
