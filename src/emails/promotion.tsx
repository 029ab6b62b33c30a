import { Body, Container, Head, Heading, Hr, Html, Img, Link, Preview, Section, Text } from "@react-email/components";
import { render } from "@react-email/render";

// A Social Select promotion: the merchant's branding, the offer, the customer's personal code,
// when it can be used, and a footer with the merchant's postal address and the customer's
// preference and unsubscribe links (CAN-SPAM, RFC 8058).

export type TPromotionEmailInput = {
  merchant: {
    name: string;
    logoUrl: string | null;
    brandColor: string;
    addressLine1: string;
    addressLine2: string | null;
    city: string;
    region: string;
    postalCode: string;
    country: string;
  };
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
  /** Plain words, e.g. "Sunday to Wednesday, 2 pm to 5 pm, until December 31, 2026". */
  validity: string;
  preferencesUrl: string;
  unsubscribeUrl: string;
};

const fill = (template: string, firstName: string | null) => template.replaceAll("{{firstName}}", firstName?.trim() || "there");

export function PromotionEmail(input: TPromotionEmailInput) {
  const { merchant, promotion } = input;
  const address = [merchant.addressLine1, merchant.addressLine2, [merchant.city, merchant.region, merchant.postalCode].filter(Boolean).join(" "), merchant.country]
    .filter(Boolean)
    .join(", ");
  return (
    <Html>
      <Head />
      {promotion.preheader ? <Preview>{fill(promotion.preheader, input.customer.firstName)}</Preview> : null}
      <Body style={{ backgroundColor: "#f6f7f9", fontFamily: "Helvetica, Arial, sans-serif", margin: 0, padding: "24px 0" }}>
        <Container style={{ backgroundColor: "#ffffff", borderRadius: "8px", maxWidth: "560px", overflow: "hidden" }}>
          <Section style={{ backgroundColor: merchant.brandColor, padding: "20px 32px" }}>
            {merchant.logoUrl ? <Img src={merchant.logoUrl} alt={merchant.name} height="40" /> : <Text style={{ color: "#ffffff", fontSize: "18px", fontWeight: 700, margin: 0 }}>{merchant.name}</Text>}
          </Section>
          <Section style={{ padding: "24px 32px" }}>
            <Heading style={{ fontSize: "24px", color: "#0f172a", margin: "0 0 8px" }}>{promotion.title}</Heading>
            <Text style={{ fontSize: "18px", color: merchant.brandColor, fontWeight: 700, margin: "0 0 16px" }}>{promotion.offer}</Text>
            {fill(promotion.body, input.customer.firstName)
              .split(/\n{2,}/)
              .map((paragraph, i) => (
                <Text key={i} style={{ color: "#334155", fontSize: "15px", lineHeight: "22px" }}>{paragraph}</Text>
              ))}
            <Section style={{ border: `2px dashed ${merchant.brandColor}`, borderRadius: "8px", padding: "16px", textAlign: "center", margin: "16px 0" }}>
              <Text style={{ color: "#64748b", fontSize: "12px", margin: 0, textTransform: "uppercase", letterSpacing: "1px" }}>Your personal code</Text>
              <Text style={{ color: "#0f172a", fontSize: "28px", fontWeight: 700, letterSpacing: "3px", margin: "4px 0", fontFamily: "Menlo, Consolas, monospace" }}>{input.voucherCode ?? "XXXX-XXXX"}</Text>
              <Text style={{ color: "#475569", fontSize: "13px", margin: 0 }}>Show it at the counter. {input.validity}</Text>
            </Section>
            {promotion.terms ? <Text style={{ color: "#64748b", fontSize: "12px" }}>{promotion.terms}</Text> : null}
          </Section>
          <Hr style={{ borderColor: "#e2e8f0", margin: 0 }} />
          <Section style={{ padding: "16px 32px" }}>
            <Text style={{ color: "#64748b", fontSize: "12px", margin: 0 }}>
              {merchant.name}
              {address ? ` · ${address}` : ""}
            </Text>
            <Text style={{ color: "#64748b", fontSize: "12px" }}>
              You get this because you are a customer of {merchant.name}.{" "}
              <Link href={input.preferencesUrl} style={{ color: "#475569" }}>Manage your preferences</Link> or{" "}
              <Link href={input.preferencesUrl} style={{ color: "#475569" }}>unsubscribe</Link>.
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
  return { subject: fill(input.promotion.subject, input.customer.firstName), html, text };
}
