// The messages of lib/validation-messages.ts, checked against the customer and counter schemas (here, not in lib/: lib/ imports no feature).
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { ZCustomerInput, ZQuickCustomer } from "@/features/customers/schemas";
import { ZCounterCapture } from "./schemas";
import { fieldLabel, issueMessage, issueSentences } from "@/lib/validation-messages";

const messagesOf = (schema: z.ZodType, input: unknown) => {
  const r = schema.safeParse(input);
  if (r.success) throw new Error("expected a failure");
  return issueSentences(r.error);
};

describe("validation messages", () => {
  it("says the issue the way a person would, naming the field", () => {
    expect(messagesOf(ZCustomerInput, { email: "a@example.com", firstName: "x".repeat(81) })).toEqual(["First name can be at most 80 characters."]);
    expect(messagesOf(ZCustomerInput, { email: "a@example.com", lastName: "y".repeat(200), zip: "1".repeat(13) })).toEqual([
      "Last name can be at most 80 characters.",
      "ZIP can be at most 12 characters.",
    ]);
    // A message the schema wrote itself stays, with the field in front when it does not name it.
    expect(messagesOf(ZQuickCustomer, { phone: "not a phone" })).toEqual(["Phone: Use an international number like +14155550123."]);
    expect(messagesOf(ZCustomerInput, { email: "nope" })).toEqual(["Enter a valid email address."]);
  });

  it("covers each kind of issue", () => {
    const S = z
      .object({
        a: z.string().max(3),
        b: z.number().int().min(1).max(5),
        c: z.email(),
        d: z.enum(["x", "y"]),
        e: z.array(z.string()).max(1),
        f: z.string().min(1),
        g: z.string().regex(/^a$/),
        h: z.boolean(),
        partySize: z.number().min(1),
        tags: z.array(z.string().max(2)),
        req: z.string(),
      })
      .strict();
    const r = S.safeParse({ a: "abcd", b: 7.5, c: "nope", d: "z", e: ["1", "2"], f: "", g: "b", h: "yes", partySize: 0, tags: ["ok", "long"], k: 1 });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map(issueMessage)).toEqual([
      "A can be at most 3 characters.",
      "B must be a whole number.",
      "C is not an email address (like name@example.com).",
      "D must be one of: x, y.",
      "E can have at most 1 item.",
      "F can't be empty.",
      "G is not in the expected format.",
      "H must be yes or no.",
      "Party size must be at least 1.",
      "Tag 2 can be at most 2 characters.",
      "Req is required.",
      "“k” is not a field we know; remove it.",
    ]);
  });

  it("labels nested fields by their last name", () => {
    expect(fieldLabel(["customer", "firstName"])).toBe("First name");
    expect(fieldLabel(["amountCents"])).toBe("Spend");
    expect(fieldLabel(["someOtherThing"])).toBe("Some other thing");
    // A promotion's validity: labelled so its own sentences ("Days are 0 (Sunday) to 6…", "The end hour must be…") need no label in front.
    expect(fieldLabel(["validDaysOfWeek", 0])).toBe("Day 1");
    expect(fieldLabel(["validHours", "to"])).toBe("End hour");
    expect(fieldLabel(["to"])).toBe("To");
    expect(fieldLabel([])).toBe("This value");
  });

  it("reads a counter capture's bad walk-in in plain words", () => {
    const r = ZCounterCapture.safeParse({
      occurredAt: new Date().toISOString(),
      amountCents: 0,
      partySize: 1,
      customer: { firstName: "x".repeat(10_000), phone: "not a phone" },
    });
    expect(r.success).toBe(false);
    expect(issueSentences(r.error!)).toEqual(
      expect.arrayContaining(["First name can be at most 80 characters.", "Phone: Use an international number like +14155550123."]),
    );
  });
});
