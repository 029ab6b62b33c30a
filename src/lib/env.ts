import { z } from "zod";

/** The plan ids of features/plans/plans.ts (lib/ does not import features/; a unit test keeps them equal). */
export const BILLING_PLAN_IDS = ["free", "growth", "pro"] as const;

// Server environment, validated once at first use. Every variable is documented in .env.example.
// In development the demo runner (scripts/demo.ts) fills secrets from .data/secrets.json, so the
// app starts with no .env at all.
export const ZServerEnv = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z.string().url({ message: "DATABASE_URL must be a postgresql:// URL" }),
  NEXTAUTH_SECRET: z.string().min(32, "NEXTAUTH_SECRET must be at least 32 characters"),
  NEXTAUTH_URL: z.string().url().optional(),
  APP_URL: z.string().url().default("http://localhost:3000"),
  /// Signs unsubscribe and preference links (/u/[token]).
  LINK_SIGNING_SECRET: z.string().min(32).optional(),
  EMAIL_FROM: z.string().default("Regulars <hello@regulars.local>"),
  RESEND_API_KEY: z.string().optional(),
  RESEND_BASE_URL: z.string().url().optional(),
  RESEND_WEBHOOK_SECRET: z.string().optional(),
  STRIPE_SECRET_KEY: z.string().optional(),
  STRIPE_WEBHOOK_SECRET: z.string().optional(),
  STRIPE_API_HOST: z.string().optional(),
  STRIPE_API_PORT: z.coerce.number().int().optional(),
  STRIPE_API_PROTOCOL: z.enum(["http", "https"]).optional(),
  /// The plan of a merchant with no subscription and no running trial (features/plans/plans.ts).
  /// Unset: "free" when STRIPE_SECRET_KEY is set, else "pro" (billing off: nobody is held back).
  BILLING_DEFAULT_PLAN: z.enum(BILLING_PLAN_IDS, { message: `BILLING_DEFAULT_PLAN must be one of ${BILLING_PLAN_IDS.join(", ")}` }).optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  LOG_QUERIES: z
    .enum(["0", "1", "true", "false"])
    .default("0")
    .transform((v) => v === "1" || v === "true"),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  /// The API's rate limit per key: a burst, then this many requests a second (features/tenancy/request-chain.ts).
  API_RATE_LIMIT_BURST: z.coerce.number().int().min(1).default(2000),
  API_RATE_LIMIT_PER_SECOND: z.coerce.number().positive().default(1000),
  /// Campaign emails: requests a second to the provider across all workers (0: unpaced, for tests and benches), and chunks worked at once per process (features/campaigns/delivery.ts).
  CAMPAIGN_SEND_RATE_PER_SECOND: z.coerce.number().min(0).default(10),
  CAMPAIGN_SEND_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /// Opens the development mailbox page (/dev/mailbox) to a browser on this machine; the demo runner and e2e set it (app/dev/mailbox).
  DEV_MAILBOX_PUBLIC: z
    .enum(["0", "1", "true", "false"])
    .default("0")
    .transform((v) => v === "1" || v === "true"),
  /// Parallel workers one query of the app may use (max_parallel_workers_per_gather); 0 = none (lib/db.ts).
  DB_PARALLEL_WORKERS: z.coerce.number().int().min(0).max(8).default(0),
  /// Lets the app run as a superuser, a BYPASSRLS role or the tables' owner (local experiments only; lib/db-role.ts).
  DATABASE_ALLOW_PRIVILEGED_ROLE: z
    .enum(["0", "1", "true", "false"])
    .default("0")
    .transform((v) => v === "1" || v === "true"),
  /// Where uploaded CSV imports are kept between upload, check and import (features/imports/service.ts).
  /// With several app instances, a volume every instance mounts: the steps of one import may reach different instances.
  IMPORT_DIR: z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) return undefined;
      if (/[\x00-\x1f\x7f]/.test(v)) {
        ctx.addIssue({ code: "custom", message: "IMPORT_DIR must be a folder path without control characters" });
        return z.NEVER;
      }
      return v;
    }),
  /// Lets webhook endpoints be plain http and on private or loopback addresses (local receivers in
  /// development and tests). Off: https only, and no address inside this network (features/webhooks/url-guard.ts).
  WEBHOOK_ALLOW_PRIVATE_URLS: z
    .enum(["0", "1", "true", "false"])
    .default("0")
    .transform((v) => v === "1" || v === "true"),
  /// Reverse proxies in front of the app that append to X-Forwarded-For (lib/client-ip.ts).
  TRUST_PROXY: z
    .string()
    .trim()
    .default("0")
    .transform((v, ctx) => {
      if (v === "true") return 1;
      if (v === "false" || v === "") return 0;
      const n = Number(v);
      if (Number.isInteger(n) && n >= 0 && n <= 10) return n;
      ctx.addIssue({ code: "custom", message: "TRUST_PROXY is the number of proxies in front of the app (0 to 10), or true/false" });
      return z.NEVER;
    }),
});

export type TServerEnv = z.infer<typeof ZServerEnv>;

let cached: TServerEnv | undefined;

export function env(): TServerEnv {
  if (cached) return cached;
  const parsed = ZServerEnv.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${lines}\nSee .env.example.`);
  }
  cached = parsed.data;
  return cached;
}

/**
 * The session secret alone, undefined when unset: next-auth reads it as pages render, and the
 * build renders some pages with no environment at all (the full env() is checked when the app starts).
 */
export function sessionSecret(): string | undefined {
  const parsed = ZServerEnv.shape.NEXTAUTH_SECRET.safeParse(process.env.NEXTAUTH_SECRET);
  return parsed.success ? parsed.data : undefined;
}

/** The log level alone: the logger runs in scripts and tools that have no full environment. */
export function logLevel(): TServerEnv["LOG_LEVEL"] {
  const parsed = ZServerEnv.shape.LOG_LEVEL.safeParse(process.env.LOG_LEVEL);
  return parsed.success ? parsed.data : "info";
}

export function linkSigningSecret(): string {
  const e = env();
  return e.LINK_SIGNING_SECRET ?? e.NEXTAUTH_SECRET;
}

/**
 * The start-up warning for a production server without APP_URL: every link in email (unsubscribe,
 * preferences, sign-in links) would point at http://localhost:3000. Null when all is well.
 */
export function appUrlWarning(raw: NodeJS.ProcessEnv = process.env): string | null {
  if (raw.NODE_ENV !== "production") return null;
  if (!raw.APP_URL)
    return "APP_URL is not set: links in emails (unsubscribe, preferences, sign-in) will point at http://localhost:3000. Set APP_URL to the address customers reach this app at, e.g. https://app.example.com.";
  try {
    const host = new URL(raw.APP_URL).hostname;
    if (host === "localhost" || host === "127.0.0.1" || host === "::1")
      return `APP_URL is ${raw.APP_URL}: links in emails will point at this machine, which customers cannot reach.`;
  } catch {
    // env() reports a malformed APP_URL.
  }
  return null;
}
