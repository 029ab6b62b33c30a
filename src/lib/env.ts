import { z } from "zod";

/** The plan ids of features/billing/plans.ts (lib/ does not import features/; a unit test keeps them equal). */
export const BILLING_PLAN_IDS = ["free", "growth", "pro"] as const;

// Server environment, validated once at first use. Every variable is documented in .env.example.
// In development the demo runner (scripts/demo.ts) fills secrets from .data/secrets.json, so the
// app starts with no .env at all.
const ZServerEnv = z.object({
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
  /// The plan of a merchant with no subscription and no running trial (features/billing/plans.ts).
  /// Unset: "free" when STRIPE_SECRET_KEY is set, else "pro" (billing off: nobody is held back).
  BILLING_DEFAULT_PLAN: z.enum(BILLING_PLAN_IDS, { message: `BILLING_DEFAULT_PLAN must be one of ${BILLING_PLAN_IDS.join(", ")}` }).optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  LOG_QUERIES: z
    .enum(["0", "1", "true", "false"])
    .default("0")
    .transform((v) => v === "1" || v === "true"),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  /// Lets the app run as a superuser, a BYPASSRLS role or the tables' owner (local experiments only; lib/db-role.ts).
  DATABASE_ALLOW_PRIVILEGED_ROLE: z
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

export function linkSigningSecret(): string {
  const e = env();
  return e.LINK_SIGNING_SECRET ?? e.NEXTAUTH_SECRET;
}
