import { Body, Button, Container, Head, Heading, Html, Preview, Text } from "@react-email/components";

export function MagicLinkEmail({ url, name }: { url: string; name?: string }) {
  return (
    <Html>
      <Head />
      <Preview>Your Regulars sign-in link</Preview>
      <Body style={{ backgroundColor: "#f6f7f9", fontFamily: "Helvetica, Arial, sans-serif" }}>
        <Container style={{ backgroundColor: "#ffffff", padding: "32px", borderRadius: "8px", maxWidth: "480px" }}>
          <Heading style={{ fontSize: "20px", color: "#0f172a" }}>Sign in to Regulars</Heading>
          <Text style={{ color: "#334155" }}>{name ? `Hi ${name},` : "Hi,"} tap the button to sign in. The link works once and expires in 15 minutes.</Text>
          <Button href={url} style={{ backgroundColor: "#0f766e", color: "#ffffff", padding: "12px 20px", borderRadius: "6px" }}>
            Sign in
          </Button>
          <Text style={{ color: "#64748b", fontSize: "12px" }}>If you did not ask for this, you can ignore this email.</Text>
        </Container>
      </Body>
    </Html>
  );
}
