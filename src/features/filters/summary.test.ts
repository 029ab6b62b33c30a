import { describe, expect, it } from "vitest";
import { describeFilter } from "./summary";
import type { TFilter } from "./schemas";

describe("describeFilter", () => {
  it("says amounts in the merchant's currency", () => {
    const f = { and: [{ field: "totalSpentCents", op: "gte", value: 5000 }, { visits: { where: { minSpentCents: 1250 } } }] } as TFilter;
    expect(describeFilter(f, { currency: "EUR" })).toBe("Customers who spent at least €50.00 and who visit spending at least €12.50");
    expect(describeFilter(f, { currency: "USD" })).toBe("Customers who spent at least $50.00 and who visit spending at least $12.50");
  });

  it("words days and hours as the email and the counter do", () => {
    const f = { visits: { where: { dayOfWeek: ["fri", "sat", "sun"], hour: { from: 22, to: 2 } } } } as TFilter;
    expect(describeFilter(f, { currency: "USD" })).toBe("Customers who visit on Fri–Sun, from 10 pm to 2 am");
    const scattered = { visits: { where: { dayOfWeek: ["mon", "wed", "fri"] } } } as TFilter;
    expect(describeFilter(scattered, { currency: "USD" })).toBe("Customers who visit on Mon, Wed or Fri");
  });
});
