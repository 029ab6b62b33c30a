import { describe, expect, it } from "vitest";
import { browserCheck, serverFieldErrors } from "@/components/forms/form-check-testing";
import { ZCampaignForm } from "./schemas";

// The new-campaign form checks its fields in the browser with ZCampaignForm (useZodForm) before
// the review step; what it says beside a field is what the server's fieldErrors would say.

describe("the new-campaign form's check in the browser", () => {
  it("wants a date and time for a scheduled send, and a name within its limit, as the server does", async () => {
    const toInput = (f: { when: "now" | "later"; name: string }) => ({
      promotionId: "6f0a8c52-5b7e-4b5a-9d53-0c2f3a9d1e11",
      groupId: "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
      holdoutPercent: 10,
      when: f.when,
      name: f.name,
    });
    const browser = (await browserCheck(ZCampaignForm, toInput, { when: "later", name: "x".repeat(81) })).messages;
    expect(browser).toEqual({ name: "Keep the name under 80 characters.", localDate: "Pick a date.", localTime: "Pick a time." });
    expect(browser).toEqual(serverFieldErrors(ZCampaignForm, toInput({ when: "later", name: "x".repeat(81) })));
  });

  it("passes a send-now campaign without a date or time", async () => {
    const input = {
      promotionId: "6f0a8c52-5b7e-4b5a-9d53-0c2f3a9d1e11",
      groupId: "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
      holdoutPercent: 0,
      when: "now" as const,
    };
    expect((await browserCheck(ZCampaignForm, (f: typeof input) => f, input)).messages).toEqual({});
  });
});
