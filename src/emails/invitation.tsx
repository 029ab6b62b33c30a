import { Body, Button, Container, Head, Heading, Html, Preview, Text } from "@react-email/components";

export function InvitationEmail({
  url,
  merchantName,
  role,
  inviterName,
  expiresOn,
}: {
  url: string;
  merchantName: string;
  role: string;
  inviterName?: string | null;
  expiresOn: string;
}) {
  return (
    <Html>
      <Head />
      <Preview>{`Join ${merchantName} on Regulars`}</Preview>
      <Body style={{ backgroundColor: "#f6f7f9", fontFamily: "Helvetica, Arial, sans-serif" }}>
        <Container style={{ backgroundColor: "#ffffff", padding: "32px", borderRadius: "8px", maxWidth: "480px" }}>
          <Heading style={{ fontSize: "20px", color: "#0f172a" }}>{`Join ${merchantName} on Regulars`}</Heading>
          <Text style={{ color: "#334155" }}>
            {inviterName ? `${inviterName} invited you` : "You are invited"} to {merchantName} as {role === "owner" ? "an owner" : `a ${role}`}. Regulars keeps
            your Best Customer List, records every deal redemption at the counter and sends promotions that bring customers back.
          </Text>
          <Button href={url} style={{ backgroundColor: "#0f766e", color: "#ffffff", padding: "12px 20px", borderRadius: "6px" }}>
            Accept the invitation
          </Button>
          <Text style={{ color: "#64748b", fontSize: "12px" }}>
            The link works once and expires on {expiresOn}. If you did not expect this, you can ignore this email.
          </Text>
        </Container>
      </Body>
    </Html>
  );
}
