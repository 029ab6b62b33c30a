// The promotion form's words for each field, so a preview that cannot render says which field to fix.
const FIELD_LABELS: Record<string, string> = {
  name: "Name",
  title: "Headline",
  offer: "Offer",
  terms: "Terms",
  validDaysOfWeek: "Valid on",
  validHours: "Valid hours",
  "validHours.from": "From",
  "validHours.to": "Until",
  expiresInDays: "Expires after (days)",
  subject: "Subject",
  preheader: "Preview text",
  body: "Message",
};

/** "Expires after (days): Use a number from 1 to 365." for each faulty field; the message alone otherwise. */
export function previewProblems(res: { error: string; fieldErrors?: Record<string, string> }): string[] {
  const entries = Object.entries(res.fieldErrors ?? {});
  if (!entries.length) return [res.error];
  return entries.map(([k, m]) => `${FIELD_LABELS[k] ?? FIELD_LABELS[k.split(".")[0]!] ?? k}: ${m}`);
}
