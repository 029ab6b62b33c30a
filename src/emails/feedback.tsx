import { Body, Button, Container, Head, Heading, Html, Link, Preview, Section, Text } from "@react-email/components";

// "How was it?": one tap on 1, 2 or 3 stars opens the answer page (features/social/feedback.ts).

const safeColor = (color: string) => (/^#[0-9a-f]{6}$/i.test(color) ? color : "#0f766e");

export function FeedbackRequestEmail(input: {
  merchantName: string;
  brandColor: string;
  firstName: string | null;
  answerUrl: (stars: 1 | 2 | 3) => string;
  preferencesUrl: string;
  unsubscribeUrl: string;
  address: string;
}) {
  const brand = safeColor(input.brandColor);
  const labels = { 1: "Not great", 2: "Good", 3: "Loved it" } as const;
  return (
    <Html lang="en">
      <Head />
      <Preview>{`How was your visit to ${input.merchantName}? One tap to tell us.`}</Preview>
      <Body
        style={{ backgroundColor: "#f1f5f9", fontFamily: "-apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif", padding: "24px 12px" }}
      >
        <Container style={{ backgroundColor: "#ffffff", borderRadius: "12px", maxWidth: "520px", padding: "28px", border: "1px solid #e2e8f0" }}>
          <Heading as="h1" style={{ fontSize: "24px", color: "#0f172a", margin: "0 0 8px" }}>
            {`How was it${input.firstName?.trim() ? `, ${input.firstName.trim()}` : ""}?`}
          </Heading>
          <Text style={{ color: "#334155", fontSize: "16px" }}>
            Thanks for coming to {input.merchantName}. One tap tells us how your visit went; it goes straight to the team.
          </Text>
          <Section style={{ textAlign: "center", margin: "16px 0" }}>
            {([1, 2, 3] as const).map((n) => (
              <Button
                key={n}
                href={input.answerUrl(n)}
                style={{
                  backgroundColor: n === 3 ? brand : "#ffffff",
                  color: n === 3 ? "#ffffff" : "#0f172a",
                  border: `2px solid ${brand}`,
                  borderRadius: "8px",
                  padding: "12px 14px",
                  margin: "4px",
                  fontSize: "16px",
                }}
              >
                {`${"★".repeat(n)} ${labels[n]}`}
              </Button>
            ))}
          </Section>
          <Text style={{ color: "#64748b", fontSize: "12px" }}>
            {input.merchantName}
            {input.address ? ` · ${input.address}` : ""}. <Link href={input.preferencesUrl}>Manage your preferences</Link> or{" "}
            <Link href={input.unsubscribeUrl}>unsubscribe</Link>.
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

/** To the managers: a customer answered low. */
export function FeedbackAlertEmail(input: { merchantName: string; customerName: string; rating: number; comment: string | null; url: string }) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{`${input.customerName} rated their visit ${input.rating} of 3`}</Preview>
      <Body style={{ backgroundColor: "#f6f7f9", fontFamily: "Helvetica, Arial, sans-serif" }}>
        <Container style={{ backgroundColor: "#ffffff", padding: "28px", borderRadius: "8px", maxWidth: "480px" }}>
          <Heading style={{ fontSize: "20px", color: "#0f172a" }}>{`A low answer at ${input.merchantName}`}</Heading>
          <Text style={{ color: "#334155" }}>{`${input.customerName} rated their visit ${input.rating} of 3 stars.`}</Text>
          {input.comment ? <Text style={{ color: "#334155", whiteSpace: "pre-line" }}>{`“${input.comment}”`}</Text> : null}
          <Button href={input.url} style={{ backgroundColor: "#0f766e", color: "#ffffff", padding: "12px 20px", borderRadius: "6px" }}>
            See the feedback
          </Button>
        </Container>
      </Body>
    </Html>
  );
}
