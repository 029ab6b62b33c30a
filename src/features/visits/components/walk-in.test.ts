import { describe, expect, it } from "vitest";
import { walkInCustomer, walkInFields } from "./walk-in";

describe("walkInCustomer", () => {
  it("accepts a name, a phone or an email", () => {
    expect(walkInCustomer({ firstName: " Ana ", lastName: "", contact: "(415) 555-0123" })).toEqual({
      ok: true,
      customer: { firstName: "Ana", phone: "(415) 555-0123" },
      label: "Ana",
    });
    expect(walkInCustomer({ firstName: "", lastName: "", contact: "ana@example.com" })).toEqual({
      ok: true,
      customer: { email: "ana@example.com" },
      label: "ana@example.com",
    });
  });

  it("refuses a contact that is neither a phone nor an email, on the contact field", () => {
    const r = walkInCustomer({ firstName: "Ana", lastName: "", contact: "not a phone" });
    expect(r).toEqual({ ok: false, errors: { contact: expect.stringContaining("not a phone number") } });
    expect(walkInCustomer({ firstName: "Ana", lastName: "", contact: "ana@nowhere" })).toEqual({
      ok: false,
      errors: { contact: "Enter a valid email address." },
    });
  });

  it("refuses a name past 80 characters in plain words, and an empty walk-in", () => {
    expect(walkInCustomer({ firstName: "x".repeat(10_000), lastName: "", contact: "" })).toEqual({
      ok: false,
      errors: { firstName: "First name can be at most 80 characters." },
    });
    expect(walkInCustomer({ firstName: " ", lastName: "", contact: "" })).toEqual({ ok: false, errors: { form: "Give a name, an email or a phone number." } });
  });

  it("reads a queued capture's customer back into the fields", () => {
    expect(walkInFields({ firstName: "Ana", phone: "not a phone" })).toEqual({ firstName: "Ana", lastName: "", contact: "not a phone" });
  });
});
