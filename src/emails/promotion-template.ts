import { randomBytes } from "node:crypto";
import { fillFirstName, greetingName, renderPromotionEmail, type TPromotionEmailInput } from "./promotion";

// A campaign sends one promotion email to many people, and a React Email render costs about 13 ms,
// so the campaign's email is rendered once with a marker where each recipient's own value goes
// (first name, code, preference and unsubscribe links, preview text) and every recipient's email
// is that template with the values filled in, HTML-escaped exactly as React escapes text.
//
// The fill only equals a direct render when rendering does nothing to a value but escape it, so:
// - the preview text is rebuilt per recipient as <Preview> builds it (cut at 150 characters,
//   padded to 150 with invisible characters: its markup depends on its length);
// - in the plain text, headings are upper-cased: a marker found upper-cased gets the value
//   upper-cased (toUpperCase works character by character, so this equals upper-casing the line);
// - a value the conversions would alter (whitespace runs or control characters, which the plain
//   text collapses; lone surrogates, which the render's UTF-8 stream replaces) is rendered directly.
// When the template is made, probe recipients are rendered both ways; if any differs (a library
// update changed what rendering does), every recipient is rendered directly.

export type TPromotionTemplateInput = Omit<TPromotionEmailInput, "customer" | "voucherCode" | "preferencesUrl" | "unsubscribeUrl" | "referralUrl">;
export type TPromotionRecipient = {
  firstName: string | null;
  voucherCode: string;
  preferencesUrl: string;
  unsubscribeUrl: string;
  referralUrl?: string | null;
};
export type TRenderedEmail = { subject: string; html: string; text: string };

const FIELDS = ["firstName", "voucherCode", "preferencesUrl", "unsubscribeUrl", "referralUrl", "preview"] as const;
type TField = (typeof FIELDS)[number];
type TPart = string | { field: TField; upper: boolean };

export type TPromotionTemplate = {
  input: TPromotionTemplateInput;
  /** false when the probe found the fill differs from a direct render: every email is rendered. */
  exact: boolean;
  subject: TPart[];
  html: TPart[];
  text: TPart[];
};

// What @react-email/preview does with the preview text (checked by the probe below).
const PREVIEW_MAX_LENGTH = 150;
const PREVIEW_WHITESPACE = "\xA0\u200C\u200B\u200D\u200E\u200F\uFEFF";
const previewPadding = (text: string) => (text.length < PREVIEW_MAX_LENGTH ? `<div>${PREVIEW_WHITESPACE.repeat(PREVIEW_MAX_LENGTH - text.length)}</div>` : "");

// React's escaping of text and attribute values (escapeTextForBrowser).
const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" };
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]!);

// One word, or words separated by single spaces, with no control characters and no zero-width
// space (html-to-text counts it as whitespace): plain-text conversion leaves such a value as it is.
const STABLE_TEXT = /^[^\s\u200B\p{Cc}]+(?: [^\s\u200B\p{Cc}]+)*$/u;
const isStable = (v: string) => STABLE_TEXT.test(v) && v.isWellFormed();

/** Renders the campaign's email once, with markers for every recipient's own values. */
export async function renderPromotionTemplate(input: TPromotionTemplateInput): Promise<TPromotionTemplate> {
  // A fresh nonce per template, so no merchant-written text can contain a marker.
  const nonce = randomBytes(6).toString("hex");
  const mark = Object.fromEntries(FIELDS.map((f) => [f, `Qq${f}${nonce}Qq`])) as Record<TField, string>;
  const rendered = await renderPromotionEmail({
    ...input,
    promotion: { ...input.promotion, preheader: input.promotion.preheader ? mark.preview : null },
    customer: { firstName: mark.firstName },
    voucherCode: mark.voucherCode,
    preferencesUrl: mark.preferencesUrl,
    unsubscribeUrl: mark.unsubscribeUrl,
    referralUrl: input.referralOffer ? mark.referralUrl : null,
  });
  const tokens = new Map<string, { field: TField; upper: boolean }>();
  for (const field of FIELDS) {
    tokens.set(mark[field], { field, upper: false });
    tokens.set(mark[field].toUpperCase(), { field, upper: true });
  }
  // Markers are letters and digits only; the capture group keeps them in split's output (odd places).
  const pattern = new RegExp(`(${[...tokens.keys()].join("|")})`);
  const split = (s: string): TPart[] => s.split(pattern).map((piece, i) => (i % 2 ? tokens.get(piece)! : piece));
  // The preview's padding belongs to the recipient's preview text: cut it out of the template.
  let html = rendered.html;
  let exact = true;
  if (input.promotion.preheader) {
    const markup = mark.preview + previewPadding(mark.preview);
    exact = html.split(markup).length === 2;
    html = html.replace(markup, mark.preview);
  }
  const template: TPromotionTemplate = { input, exact, subject: split(rendered.subject), html: split(html), text: split(rendered.text) };
  if (template.exact) template.exact = await matchesDirectRender(template);
  return template;
}

function fillable(t: TPromotionTemplate, r: TPromotionRecipient): Record<TField, string> | null {
  if (!t.exact) return null;
  const values = {
    firstName: greetingName(r.firstName),
    voucherCode: r.voucherCode,
    preferencesUrl: r.preferencesUrl,
    unsubscribeUrl: r.unsubscribeUrl,
    referralUrl: r.referralUrl ?? "",
    preview: t.input.promotion.preheader ? fillFirstName(t.input.promotion.preheader, r.firstName).substring(0, PREVIEW_MAX_LENGTH) : "",
  };
  const urls = /^https?:\/\//;
  // The template has the "Bring a friend" block with a marker: a recipient without a link gets the email without it, rendered directly.
  const referralOk = !t.input.referralOffer || (urls.test(values.referralUrl) && isStable(values.referralUrl));
  const ok =
    referralOk &&
    isStable(values.firstName) &&
    isStable(values.voucherCode) &&
    urls.test(values.preferencesUrl) &&
    isStable(values.preferencesUrl) &&
    urls.test(values.unsubscribeUrl) &&
    isStable(values.unsubscribeUrl) &&
    values.preview.isWellFormed();
  return ok ? values : null;
}

/** The template filled for one recipient, or null when only a direct render is certain to be right. */
export function fillPromotionTemplate(t: TPromotionTemplate, r: TPromotionRecipient): TRenderedEmail | null {
  const values = fillable(t, r);
  if (!values) return null;
  const join = (parts: TPart[], value: (field: TField, upper: boolean) => string) => {
    let out = "";
    for (const p of parts) out += typeof p === "string" ? p : value(p.field, p.upper);
    return out;
  };
  const plain = (field: TField, upper: boolean) => (upper ? values[field].toUpperCase() : values[field]);
  return {
    subject: join(t.subject, plain),
    html: join(t.html, (field, upper) => (field === "preview" ? escapeHtml(values.preview) + previewPadding(values.preview) : escapeHtml(plain(field, upper)))),
    text: join(t.text, plain),
  };
}

/** One recipient's email rendered by React Email, as the template stands in for. */
const renderDirectly = (t: TPromotionTemplate, r: TPromotionRecipient): Promise<TRenderedEmail> =>
  renderPromotionEmail({
    ...t.input,
    customer: { firstName: r.firstName },
    voucherCode: r.voucherCode,
    preferencesUrl: r.preferencesUrl,
    unsubscribeUrl: r.unsubscribeUrl,
    referralUrl: r.referralUrl ?? null,
  });

/** One recipient's email: the filled template, or a direct render when the fill cannot be proven equal. */
export async function renderPromotionForRecipient(t: TPromotionTemplate, r: TPromotionRecipient): Promise<TRenderedEmail> {
  return fillPromotionTemplate(t, r) ?? renderDirectly(t, r);
}

const PROBES: TPromotionRecipient[] = [
  {
    firstName: `Zoë O'Brien-Łukasz & <Co> "$&" ß`,
    voucherCode: "K7QX-M3P9-TZ",
    preferencesUrl: "https://probe.example/u/a.b?c=1&d=%3C",
    unsubscribeUrl: "https://probe.example/u/a.b/unsubscribe",
    referralUrl: "https://probe.example/r/K7QXM3P9TZ&<r>",
  },
  {
    firstName: null,
    voucherCode: "ABCD-EFGH-JK",
    preferencesUrl: "http://localhost:3000/u/x",
    unsubscribeUrl: "http://localhost:3000/u/x/unsubscribe",
    referralUrl: "http://localhost:3000/r/ABCDEFGHJKMNPQRS",
  },
];

async function matchesDirectRender(t: TPromotionTemplate): Promise<boolean> {
  for (const probe of PROBES) {
    const filled = fillPromotionTemplate(t, probe);
    const direct = await renderDirectly(t, probe);
    if (!filled || filled.subject !== direct.subject || filled.html !== direct.html || filled.text !== direct.text) return false;
  }
  return true;
}
