import { Body, Container, Head, Heading, Hr, Html, Img, Link, Preview, Section, Text } from "@react-email/components";
import { render } from "@react-email/render";
import { formatMerchantAddress, type TMerchantAddress } from "../lib/address";

// A Social Select promotion: the merchant's branding, the offer, the customer's personal code,
// when it can be used, and a footer with the merchant's postal address and the customer's
// preference and unsubscribe links (CAN-SPAM, RFC 8058). One column, at most 560 px wide, fluid
// below that, so it reads the same on a phone and a desktop client.

export type TPromotionEmailInput = {
  merchant: TMerchantAddress & { name: string; logoUrl: string | null; brandColor: string };
  promotion: {
    title: string;
    offer: string;
    terms: string | null;
    subject: string;
    preheader: string | null;
    body: string;
  };
  customer: { firstName: string | null };
  /** The recipient's personal code; null in a preview before codes exist. */
  voucherCode: string | null;
  /** Plain words, e.g. "Valid Sunday to Wednesday, 2 pm to 5 pm, until Dec 31, 2026." */
  validity: string;
  preferencesUrl: string;
  unsubscribeUrl: string;
  /** What a friend gets through the recipient's referral link: set for a thank-you automation while the merchant's referral program is on. */
  referralOffer?: string | null;
  /** The recipient's own referral link (/r/[code]); the "Bring a friend" block shows only with both. */
  referralUrl?: string | null;
};

/** The greeting name: the first name, or "there" when there is none. */
export const greetingName = (firstName: string | null) => firstName?.trim() || "there";

// A function replacement, so a name like "$&" is inserted as written, not as a replacement pattern.
export const fillFirstName = (template: string, firstName: string | null) => {
  const name = greetingName(firstName);
  return template.replaceAll("{{firstName}}", () => name);
};

/** A brand colour safe to put in a style attribute (anything else falls back to the default teal). */
const safeColor = (color: string) => (/^#[0-9a-f]{6}$/i.test(color) ? color : "#0f766e");

/** Black or white text, whichever reads better on the brand colour (WCAG relative luminance). */
function textOn(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  return luminance > 0.35 ? "#0f172a" : "#ffffff";
}

const muted = { color: "#64748b", fontSize: "12px", lineHeight: "18px" } as const;

export function PromotionEmail(input: TPromotionEmailInput) {
  const { merchant, promotion } = input;
  const brand = safeColor(merchant.brandColor);
  const onBrand = textOn(brand);
  const address = formatMerchantAddress(merchant);
  const preheader = promotion.preheader ? fillFirstName(promotion.preheader, input.customer.firstName) : null;
  return (
    <Html lang="en">
      <Head>
        <meta name="color-scheme" content="light" />
        <meta name="supported-color-schemes" content="light" />
      </Head>
      {preheader ? <Preview>{preheader}</Preview> : null}
      <Body
        style={{
          backgroundColor: "#f1f5f9",
          fontFamily: "-apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif",
          margin: 0,
          padding: "24px 12px",
        }}
      >
        <Container
          style={{ backgroundColor: "#ffffff", borderRadius: "12px", maxWidth: "560px", width: "100%", overflow: "hidden", border: "1px solid #e2e8f0" }}
        >
          <Section style={{ backgroundColor: brand, padding: "20px 28px" }}>
            {merchant.logoUrl ? (
              <Img src={merchant.logoUrl} alt={merchant.name} height="40" style={{ height: "40px", width: "auto", maxWidth: "200px" }} />
            ) : (
              <Text style={{ color: onBrand, fontSize: "20px", fontWeight: 700, margin: 0, letterSpacing: "0.2px" }}>{merchant.name}</Text>
            )}
          </Section>
          <Section style={{ padding: "28px 28px 8px" }}>
            <Heading as="h1" style={{ fontSize: "26px", lineHeight: "32px", color: "#0f172a", margin: "0 0 8px" }}>
              {fillFirstName(promotion.title, input.customer.firstName)}
            </Heading>
            <Text style={{ fontSize: "20px", lineHeight: "26px", color: brand, fontWeight: 700, margin: "0 0 20px" }}>{promotion.offer}</Text>
            {fillFirstName(promotion.body, input.customer.firstName)
              .split(/\n{2,}/)
              .map((p) => p.trim())
              .filter(Boolean)
              .map((paragraph, i) => (
                <Text key={i} style={{ color: "#334155", fontSize: "16px", lineHeight: "24px", margin: "0 0 14px", whiteSpace: "pre-line" }}>
                  {paragraph}
                </Text>
              ))}
          </Section>
          <Section style={{ padding: "0 28px" }}>
            <Section style={{ border: `2px dashed ${brand}`, borderRadius: "10px", padding: "18px 12px", textAlign: "center", backgroundColor: "#f8fafc" }}>
              <Text style={{ color: "#475569", fontSize: "12px", margin: 0, textTransform: "uppercase", letterSpacing: "1.5px", fontWeight: 600 }}>
                Your personal code
              </Text>
              <Text
                style={{
                  color: "#0f172a",
                  fontSize: "30px",
                  lineHeight: "38px",
                  fontWeight: 700,
                  letterSpacing: "4px",
                  margin: "6px 0",
                  fontFamily: "Menlo, Consolas, 'Courier New', monospace",
                }}
              >
                {input.voucherCode ?? "XXXX-XXXX"}
              </Text>
              <Text style={{ color: "#334155", fontSize: "14px", lineHeight: "20px", margin: 0 }}>Show it at the counter. {input.validity}</Text>
            </Section>
          </Section>
          {input.referralOffer && input.referralUrl ? (
            <Section style={{ padding: "20px 28px 0" }}>
              <Text style={{ color: "#0f172a", fontSize: "16px", lineHeight: "24px", fontWeight: 700, margin: "0 0 4px" }}>Bring a friend</Text>
              <Text style={{ color: "#334155", fontSize: "14px", lineHeight: "20px", margin: "0 0 8px" }}>
                Friends who sign up through your link get {input.referralOffer}.
              </Text>
              <Link href={input.referralUrl} style={{ color: brand, fontSize: "14px", fontWeight: 600, textDecoration: "underline", wordBreak: "break-all" }}>
                {input.referralUrl}
              </Link>
            </Section>
          ) : null}
          <Section style={{ padding: "16px 28px 24px" }}>
            {promotion.terms ? <Text style={{ ...muted, margin: 0, whiteSpace: "pre-line" }}>{promotion.terms}</Text> : null}
          </Section>
          <Hr style={{ borderColor: "#e2e8f0", margin: 0 }} />
          <Section style={{ padding: "18px 28px 22px", backgroundColor: "#f8fafc" }}>
            <Text style={{ ...muted, margin: "0 0 8px" }}>
              <strong style={{ color: "#475569" }}>{merchant.name}</strong>
              {address ? ` · ${address}` : ""}
            </Text>
            <Text style={{ ...muted, margin: 0 }}>
              You are getting this because you are a customer of {merchant.name} and agreed to hear from them.{" "}
              <Link href={input.preferencesUrl} style={{ color: "#334155", textDecoration: "underline" }}>
                Manage your preferences
              </Link>{" "}
              or{" "}
              <Link href={input.unsubscribeUrl} style={{ color: "#334155", textDecoration: "underline" }}>
                unsubscribe
              </Link>
              .
            </Text>
          </Section>
        </Container>
      </Body>
    </Html>
  );
}

/** Subject, HTML and plain text of one promotion email. */
export async function renderPromotionEmail(input: TPromotionEmailInput): Promise<{ subject: string; html: string; text: string }> {
  const element = PromotionEmail(input);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: fillFirstName(input.promotion.subject, input.customer.firstName), html, text };
}
