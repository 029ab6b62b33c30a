import { describe, expect, it } from "vitest";
import { appUrlWarning } from "./env";

describe("appUrlWarning", () => {
  it("warns a production server without APP_URL, or with a localhost one, and nobody else", () => {
    expect(appUrlWarning({ NODE_ENV: "production" } as NodeJS.ProcessEnv)).toMatch(/^APP_URL is not set: links in emails/);
    expect(appUrlWarning({ NODE_ENV: "production", APP_URL: "http://localhost:3000" } as NodeJS.ProcessEnv)).toMatch(/customers cannot reach/);
    expect(appUrlWarning({ NODE_ENV: "production", APP_URL: "https://app.example.com" } as NodeJS.ProcessEnv)).toBeNull();
    expect(appUrlWarning({ NODE_ENV: "development" } as NodeJS.ProcessEnv)).toBeNull();
  });
});
