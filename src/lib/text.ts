import { z } from "zod";

// Control characters have no place in what people type. A NUL byte cannot even be stored
// (PostgreSQL text refuses it), and the others hide text or break lines in lists and CSV exports.
// Multi-line fields (notes, email bodies, terms) keep tab and line breaks.
const CONTROL = /[\u0000-\u001F\u007F]/;
const CONTROL_EXCEPT_LINES = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export const hasControlCharacters = (value: string, opts: { multiline?: boolean } = {}) => (opts.multiline ? CONTROL_EXCEPT_LINES : CONTROL).test(value);

/**
 * A trimmed string that refuses control characters with a plain message ("Name can't contain
 * control characters."); chain .min()/.max() as usual. The one place text input is checked for them.
 */
export function zText(label: string, opts: { multiline?: boolean; missing?: string } = {}) {
  // A regex rather than a refine, so the OpenAPI document shows the rule as a `pattern`.
  const allowed = opts.multiline ? /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/ : /^[^\u0000-\u001F\u007F]*$/;
  return z
    .string(opts.missing ? { error: opts.missing } : undefined)
    .trim()
    .regex(allowed, `${label} can't contain control characters.`);
}
