import { describe, expect, it } from "vitest";
import { renderPromotionEmail, type TPromotionEmailInput } from "./promotion";

const input: TPromotionEmailInput = {
  merchant: {
    name: "Harbor Bistro",
    logoUrl: null,
    brandColor: "#0f766e",
    addressLine1: "14 Atlantic Avenue",
    addressLine2: null,
    city: "Boston",
    region: "MA",
    postalCode: "02110",
    country: "US",
  },
  promotion: {
    title: "Quiet afternoons",
    offer: "20% off your bill",
    terms: "Dine-in only.",
    subject: "{{firstName}}, your afternoon treat",
    preheader: "Hi {{firstName}}: 20% off",
    body: "Hi {{firstName}},\n\nCome by.",
  },
  customer: { firstName: "Dana" },
  voucherCode: "K7QM-3XWP",
  validity: "Valid Sunday to Wednesday, 2 pm to 5 pm, until Dec 31, 2026.",
  preferencesUrl: "https://app.example/u/tok",
  unsubscribeUrl: "https://app.example/u/tok/unsubscribe",
};

describe("renderPromotionEmail", () => {
  it("personalises the subject, preheader and body, and shows the code with its rules", async () => {
    const email = await renderPromotionEmail(input);
    expect(email.subject).toBe("Dana, your afternoon treat");
    expect(email.html).toContain("Hi Dana: 20% off");
    expect(email.html).toContain("Hi Dana,");
    expect(email.html).toContain("K7QM-3XWP");
    expect(email.html).toContain("Valid Sunday to Wednesday, 2 pm to 5 pm, until Dec 31, 2026.");
    expect(email.text).toContain("K7QM-3XWP");
    expect(email.html).not.toContain("{{firstName}}");
  });

  it("puts the merchant's address and the preference and unsubscribe links in the footer", async () => {
    const email = await renderPromotionEmail(input);
    expect(email.html).toContain("14 Atlantic Avenue, Boston MA 02110, US");
    expect(email.html).toContain('href="https://app.example/u/tok"');
    expect(email.html).toContain('href="https://app.example/u/tok/unsubscribe"');
    expect(email.text).toContain("https://app.example/u/tok/unsubscribe");
  });

  it("greets a customer without a first name and never puts an unsafe colour into a style", async () => {
    const email = await renderPromotionEmail({ ...input, customer: { firstName: null }, merchant: { ...input.merchant, brandColor: "red;background:url(x)" } });
    expect(email.subject).toBe("there, your afternoon treat");
    expect(email.html).not.toContain("url(x)");
  });
});
