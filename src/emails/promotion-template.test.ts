import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderPromotionEmail, type TPromotionEmailInput } from "./promotion";
import {
  fillPromotionTemplate,
  renderPromotionForRecipient,
  renderPromotionTemplate,
  type TPromotionRecipient,
  type TPromotionTemplateInput,
} from "./promotion-template";

// A campaign's emails come from one template filled per recipient: each must be exactly what
// rendering the email for that recipient gives.

const base: TPromotionTemplateInput = {
  merchant: {
    name: "Harbor & Sons <Bistro>",
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
    title: "A treat for {{firstName}}",
    offer: "20% off your bill",
    terms: "Dine-in only.",
    subject: "{{firstName}}, your afternoon treat",
    preheader: "Hi {{firstName}}: 20% off",
    body: "Hi {{firstName}},\n\nCome by, {{firstName}}.",
  },
  validity: "Valid Sunday to Wednesday, 2 pm to 5 pm, until Dec 31, 2026.",
};

const recipient = (firstName: string | null, i = 0): TPromotionRecipient => ({
  firstName,
  voucherCode: `K7QX-M3P9-T${"ZABC"[i % 4]}`,
  preferencesUrl: `https://app.example/u/eyJtIjoiYSJ9.sig${i}`,
  unsubscribeUrl: `https://app.example/u/eyJtIjoiYSJ9.sig${i}/unsubscribe`,
});

const direct = (input: TPromotionTemplateInput, r: TPromotionRecipient) =>
  renderPromotionEmail({
    ...input,
    customer: { firstName: r.firstName },
    voucherCode: r.voucherCode,
    preferencesUrl: r.preferencesUrl,
    unsubscribeUrl: r.unsubscribeUrl,
    referralUrl: r.referralUrl ?? null,
  } satisfies TPromotionEmailInput);

const NAMES = [
  "Dana",
  null,
  "",
  "  Dana  ",
  "Zoë",
  "O'Brien",
  `<b>"Bo" & Co</b>`,
  "$& $' $$",
  "straße",
  "José María",
  "李小龙",
  "👩🏽‍🍳 Chef",
  "Anne-Marie",
  "x".repeat(200),
];

describe("a campaign template filled per recipient", () => {
  const inputs: [string, TPromotionTemplateInput][] = [
    ["name in subject, title, preheader and body", base],
    ["no preheader", { ...base, promotion: { ...base.promotion, preheader: null } }],
    [
      "a preheader longer than the preview (150)",
      { ...base, promotion: { ...base.promotion, preheader: `${"Long preview text ".repeat(7)}{{firstName}} and more` } },
    ],
    [
      "no name anywhere",
      { ...base, promotion: { ...base.promotion, title: "Quiet afternoons", subject: "Your treat", preheader: "20% off", body: "Come by." } },
    ],
  ];

  for (const [name, input] of inputs) {
    it(`equals a direct render: ${name}`, async () => {
      const t = await renderPromotionTemplate(input);
      expect(t.exact).toBe(true);
      for (const [i, firstName] of NAMES.entries()) {
        const r = recipient(firstName, i);
        expect(await renderPromotionForRecipient(t, r)).toEqual(await direct(input, r));
      }
    });
  }

  it("fills ordinary names without rendering, HTML-escaped, and upper-cases the plain-text heading", async () => {
    const t = await renderPromotionTemplate(base);
    const r = recipient(`Zoë "O'Brien" <&>`);
    const email = fillPromotionTemplate(t, r);
    expect(email).not.toBeNull();
    expect(email!.html).toContain("Zoë &quot;O&#x27;Brien&quot; &lt;&amp;&gt;");
    expect(email!.html).not.toContain(`<&>`);
    expect(email!.text).toContain(`A TREAT FOR ZOË "O'BRIEN" <&>`);
    expect(email).toEqual(await direct(base, r));
  });

  it("renders directly a name the plain text would change (whitespace runs, control characters, lone surrogates)", async () => {
    const t = await renderPromotionTemplate(base);
    for (const firstName of ["Ann  Marie", "Ann\tMarie", "Ann\u200BMarie", "Ann\u0007", "Ann\uD800"]) {
      const r = recipient(firstName);
      expect(fillPromotionTemplate(t, r)).toBeNull();
      expect(await renderPromotionForRecipient(t, r)).toEqual(await direct(base, r));
    }
  });

  it("equals a direct render for any first name", { timeout: 60_000 }, async () => {
    const t = await renderPromotionTemplate(base);
    await fc.assert(
      fc.asyncProperty(fc.option(fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" }))), async (firstName) => {
        const r = recipient(firstName);
        expect(await renderPromotionForRecipient(t, r)).toEqual(await direct(base, r));
      }),
      { numRuns: 150 },
    );
  });

  describe("with a thank-you's referral link", () => {
    const withReferral: TPromotionTemplateInput = { ...base, referralOffer: "a free dessert & coffee" };
    const referred = (firstName: string | null, i: number): TPromotionRecipient => ({
      ...recipient(firstName, i),
      referralUrl: `https://app.example/r/K7QXM3P9TZABCDE${"FGHJ"[i % 4]}`,
    });

    it("fills each recipient's own link and equals a direct render", async () => {
      const t = await renderPromotionTemplate(withReferral);
      expect(t.exact).toBe(true);
      for (const [i, firstName] of NAMES.entries()) {
        const r = referred(firstName, i);
        const email = await renderPromotionForRecipient(t, r);
        expect(email).toEqual(await direct(withReferral, r));
        expect(email.html).toContain(`href="${r.referralUrl}"`);
        expect(email.text).toContain("Friends who sign up through your link get a free dessert & coffee.");
      }
    });

    it("leaves the block out for a recipient without a link (rendered directly), and when the campaign has no offer", async () => {
      const t = await renderPromotionTemplate(withReferral);
      const r = recipient("Dana");
      expect(fillPromotionTemplate(t, r)).toBeNull();
      const email = await renderPromotionForRecipient(t, r);
      expect(email).toEqual(await direct(withReferral, r));
      expect(email.text).not.toContain("Bring a friend");
      const plain = await renderPromotionForRecipient(await renderPromotionTemplate(base), referred("Dana", 0));
      expect(plain.text).not.toContain("Bring a friend");
      expect(plain.html).not.toContain("/r/");
    });
  });
});
