import { z } from "zod";
import { RFM_SEGMENTS } from "@/features/filters/schemas";

// What a manager tunes for each automation. Settings are kind-specific and stored as JSON in
// automations.settings; everything is checked here, with the message shown beside the field.

export const AUTOMATION_KINDS = ["second_visit", "win_back", "birthday", "anniversary", "welcome_best", "thank_you"] as const;
export type TAutomationKind = (typeof AUTOMATION_KINDS)[number];

export const KIND_LABELS: Record<TAutomationKind, { name: string; what: string }> = {
  second_visit: { name: "Second visit", what: "Turns a first deal redemption into a second visit." },
  win_back: { name: "Win-back", what: "Invites back customers who have not visited for a while." },
  birthday: { name: "Birthday", what: "A treat a few days before the customer's birthday." },
  anniversary: { name: "Anniversary", what: "A treat a few days before the customer's anniversary." },
  welcome_best: { name: "Welcome to the best", what: "Welcomes customers the day they join one of your Smart Filters or RFM segments (say, Champions)." },
  thank_you: { name: "Thank-you", what: "Thanks customers after a visit you rated 3 stars, with their own referral link while referrals are on." },
};

const int = (min: number, max: number, what: string) =>
  z.coerce
    .number({ error: `Enter ${what} as a whole number.` })
    .int(`Enter ${what} as a whole number.`)
    .min(min, `${capital(what)} is ${min} to ${max}.`)
    .max(max, `${capital(what)} is ${min} to ${max}.`);
function capital(s: string) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export const ZSecondVisitSettings = z.object({ days: int(1, 180, "the number of days").default(14) }).strict();
export const ZWinBackSettings = z
  .object({
    mode: z.enum(["days", "usualGap"], { error: "Pick when a customer counts as gone." }).default("days"),
    days: int(7, 730, "the number of days").default(60),
  })
  .strict();
export const ZDateSettings = z.object({ daysBefore: int(0, 60, "the days before").default(7) }).strict();
export type TRfmSegment = (typeof RFM_SEGMENTS)[number];
/** "segment:champions" → "champions"; null for another kind of reference or a name that is no segment. */
export function welcomeSegment(ref: string): TRfmSegment | null {
  const name = ref.startsWith("segment:") ? ref.slice(8) : null;
  return name && (RFM_SEGMENTS as readonly string[]).includes(name) ? (name as TRfmSegment) : null;
}

/**
 * What a "welcome to the best" automation watches: a preset of the Best Customer List
 * ("preset:best"), one of the merchant's saved Smart Filters ("saved:<id>") or an RFM segment
 * ("segment:champions", one of FILTERS.md's segments).
 */
export const ZWelcomeSettings = z
  .object({
    filter: z
      .string({ error: "Pick a Smart Filter or an RFM segment." })
      .superRefine((v, ctx) => {
        if (v.startsWith("segment:")) {
          if (!welcomeSegment(v)) ctx.addIssue({ code: "custom", message: "There is no RFM segment by that name. Pick one from the list." });
        } else if (!/^(preset:[a-z0-9-]{1,40}|saved:[0-9a-f-]{36})$/.test(v))
          ctx.addIssue({ code: "custom", message: "Pick a Smart Filter or an RFM segment." });
      })
      .default("preset:best"),
  })
  .strict();
export const ZThankYouSettings = z.object({ days: int(0, 30, "the delay in days").default(1) }).strict();

export const SETTINGS_SCHEMAS = {
  second_visit: ZSecondVisitSettings,
  win_back: ZWinBackSettings,
  birthday: ZDateSettings,
  anniversary: ZDateSettings,
  welcome_best: ZWelcomeSettings,
  thank_you: ZThankYouSettings,
} as const;

export type TSecondVisitSettings = z.infer<typeof ZSecondVisitSettings>;
export type TWinBackSettings = z.infer<typeof ZWinBackSettings>;
export type TDateSettings = z.infer<typeof ZDateSettings>;
export type TWelcomeSettings = z.infer<typeof ZWelcomeSettings>;
export type TThankYouSettings = z.infer<typeof ZThankYouSettings>;
export type TAutomationSettings = TSecondVisitSettings | TWinBackSettings | TDateSettings | TWelcomeSettings | TThankYouSettings;

/** A stored settings object read back with its kind's defaults (a bad one falls back to the defaults). */
export function settingsOf(kind: TAutomationKind, json: unknown): TAutomationSettings {
  const schema = SETTINGS_SCHEMAS[kind] as z.ZodType<TAutomationSettings>;
  const parsed = schema.safeParse(json ?? {});
  return parsed.success ? parsed.data : schema.parse({});
}

const hour = (what: string) => int(0, 23, what);

/** The tune form (and the API of the automation service): the common knobs and the kind's settings. */
export const ZAutomationForm = z
  .object({
    /** Absent: a new automation of `kind`. */
    automationId: z.string().uuid().optional(),
    kind: z.enum(AUTOMATION_KINDS, { error: "Pick an automation." }),
    promotionId: z.string({ error: "Pick a saved promotion." }).uuid("Pick a saved promotion."),
    holdoutPercent: int(0, 50, "the holdout").default(10),
    sendHour: hour("the send time"),
    quietHourFrom: hour("the start of quiet hours"),
    quietHourTo: hour("the end of quiet hours"),
    oncePerCustomer: z.preprocess((v) => v === true || v === "true" || v === "on", z.boolean()),
    reentryDays: int(1, 730, "the days before it can repeat").default(90),
    settings: z.record(z.string(), z.unknown()).default({}),
  })
  .strict()
  .superRefine((v, ctx) => {
    const parsed = SETTINGS_SCHEMAS[v.kind].safeParse(v.settings);
    if (!parsed.success)
      for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: ["settings", ...issue.path.map(String)], message: issue.message });
    if (inQuietHours(v.sendHour, v.quietHourFrom, v.quietHourTo)) {
      ctx.addIssue({ code: "custom", path: ["sendHour"], message: "The send time falls in your quiet hours. Pick a time outside them." });
    }
  });
export type TAutomationForm = z.infer<typeof ZAutomationForm>;

export const ZAutomationRef = z.object({ automationId: z.string().uuid() }).strict();
export const ZAutomationToggle = z.object({ automationId: z.string().uuid(), enabled: z.boolean() }).strict();

/** Is local `hour` within quiet hours [from, to)? Wraps midnight when from > to; from = to means none. */
export function inQuietHours(hour: number, from: number, to: number): boolean {
  if (from === to) return false;
  return from < to ? hour >= from && hour < to : hour >= from || hour < to;
}
