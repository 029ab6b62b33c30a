import type { FieldErrors, FieldValues } from "react-hook-form";
import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { zodFieldsResolver } from "./use-zod-form";

// For unit tests of a form's check: what the browser says beside each field (useZodForm's
// resolver) and what the server's fieldErrors say for the same input, keyed alike.

/** react-hook-form's nested errors as the server's dotted fieldErrors keys. */
function flatten(errors: FieldErrors, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(errors)) {
    if (!value || typeof value !== "object") continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof (value as { message?: unknown }).message === "string") out[path] = (value as { message: string }).message;
    else Object.assign(out, flatten(value as FieldErrors, path));
  }
  return out;
}

/** The form's check in the browser: each field's message, and the input the action would receive. */
export async function browserCheck<TFields extends FieldValues, TSchema extends z.ZodType<unknown, FieldValues>>(
  schema: TSchema,
  toInput: (f: TFields) => z.input<TSchema>,
  fields: TFields,
) {
  const result = await zodFieldsResolver(schema, toInput)(fields, undefined, { fields: {}, shouldUseNativeValidation: false });
  return { messages: flatten(result.errors), values: result.values };
}

/** The server's fieldErrors for the same input (the action chain's AppError.invalid). */
export function serverFieldErrors(schema: z.ZodType, input: unknown): Record<string, string> {
  const parsed = schema.safeParse(input);
  return parsed.success ? {} : (AppError.invalid(parsed.error).fieldErrors ?? {});
}
