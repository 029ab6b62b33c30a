import { describe, expect, it } from "vitest";
import { generatePersonalCode } from "@/features/campaigns/codes";
import type { TCounterCustomer } from "../schemas";
import { codeOf, looksLikeCode, searchOffline } from "./counter-search";

describe("the counter's search box", () => {
  it("recognises a personal code typed without dashes, in any case, before searching names", () => {
    const code = generatePersonalCode(); // "NMSU-7S9R-RE"
    const typed = code.replace(/-/g, "").toLowerCase(); // "nmsu7s9rre"
    expect(looksLikeCode(typed)).toBe(true);
    expect(codeOf(typed)).toBe(code);
    expect(looksLikeCode(code.replace(/-/g, " "))).toBe(true);
    expect(looksLikeCode("CL-7K3M-Q9TX")).toBe(true);
    expect(looksLikeCode("imp2026x")).toBe(true);
  });

  it("leaves names, emails and phones to the customer search", () => {
    for (const q of ["Alexandra", "ana lima", "ana@example.com", "+1 415 555 0123", "an"]) expect(looksLikeCode(q)).toBe(false);
  });

  it("searches the customers kept on the tablet by name, email or phone digits", () => {
    const c = (id: string, firstName: string, lastName: string, email: string | null, phone: string | null): TCounterCustomer => ({
      id,
      name: `${firstName} ${lastName}`,
      firstName,
      lastName,
      email,
      phone,
      visitCount: 1,
      lastRating: null,
    });
    const kept = [c("1", "Ana", "Lima", "ana@example.com", "+14155550101"), c("2", "Ben", "Ng", null, "+14155550199"), c("3", "Anabel", "Ortiz", null, null)];
    expect(searchOffline(kept, "an").map((x) => x.id)).toEqual(["1", "3"]);
    expect(searchOffline(kept, "lim").map((x) => x.id)).toEqual(["1"]);
    expect(searchOffline(kept, "0199").map((x) => x.id)).toEqual(["2"]);
    expect(searchOffline(kept, "ana@")).toHaveLength(1);
    expect(searchOffline(kept, "a")).toEqual([]);
  });
});
