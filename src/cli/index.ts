// `npm run cli -- <command> [--flags]`: operator commands that work whether or not the app runs
// (they start the embedded PostgreSQL themselves when DATABASE_URL is unset).
import { parseArgs } from "node:util";
import { ZodError } from "zod";
import { prepareEnvironment } from "../../scripts/lib/dev-env";
import { withPlatform } from "@/lib/tenant";

const HELP = `Regulars CLI

  merchant:create --name <name> --slug <slug> --time-zone <IANA zone> [--currency USD] [--category restaurant] [--publisher <slug>]
                  [--address-line1 <street> --address-line2 <suite> --city <city> --region <state> --postal-code <zip> --country US]
                  [--brand-color #0f766e] [--logo-url https://…]
  merchant:update --slug <slug> [any merchant:create flag but --publisher; --frequency-cap-days <n>]   only the flags given change
  user:create     --email <email> [--name <name>] [--password <password>] [--merchant <slug> --role owner|manager|staff] [--publisher <slug>] [--platform-admin]
  api-key:create  --merchant <slug> --name <name>          prints the key once; only its hash is stored
  billing:setup   [--webhook-url <url>] [--no-webhook]      creates the Stripe products, prices, usage meter and
                                                            webhook endpoint (default APP_URL/api/stripe/webhook);
                                                            safe to run again. Needs STRIPE_SECRET_KEY.
  billing:sync    --subscription <sub_…>                    re-reads one subscription from Stripe and records it
  automations:run --merchant <slug> [--at <ISO time>]
                  evaluates the merchant's automations now (or as of --at, e.g. to catch up or
                  to test), ignoring the send time; the worker delivers what fired
  feedback:run    --merchant <slug> [--at <ISO time>]
                  asks the merchant's due visits "How was it?" now (or as of --at); the worker sends

Add --json for machine-readable output.`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    name: { type: "string" },
    slug: { type: "string" },
    "time-zone": { type: "string" },
    currency: { type: "string" },
    category: { type: "string" },
    publisher: { type: "string" },
    email: { type: "string" },
    password: { type: "string" },
    merchant: { type: "string" },
    role: { type: "string" },
    "webhook-url": { type: "string" },
    "no-webhook": { type: "boolean", default: false },
    subscription: { type: "string" },
    "platform-admin": { type: "boolean", default: false },
    "address-line1": { type: "string" },
    "address-line2": { type: "string" },
    city: { type: "string" },
    region: { type: "string" },
    "postal-code": { type: "string" },
    country: { type: "string" },
    "brand-color": { type: "string" },
    "logo-url": { type: "string" },
    "frequency-cap-days": { type: "string" },
    json: { type: "boolean", default: false },
    at: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
});

class UsageError extends Error {}

const FLAG_OF: Record<string, string> = {
  timeZone: "time-zone",
  publisherSlug: "publisher",
  merchantSlug: "merchant",
  addressLine1: "address-line1",
  addressLine2: "address-line2",
  postalCode: "postal-code",
  brandColor: "brand-color",
  logoUrl: "logo-url",
  promotionFrequencyCapDays: "frequency-cap-days",
  platformAdmin: "platform-admin",
};
/** The CLI flag of a schema field, so an error names what the operator typed. */
const flagOf = (field: string) => FLAG_OF[field] ?? field;

/** The postal address and branding flags, only those given. */
function profileFlags() {
  const v = {
    addressLine1: values["address-line1"],
    addressLine2: values["address-line2"],
    city: values.city,
    region: values.region,
    postalCode: values["postal-code"],
    country: values.country,
    brandColor: values["brand-color"],
    logoUrl: values["logo-url"],
  };
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined));
}

/** Says whether campaigns can send yet (they need the postal address). */
function readiness(m: { addressLine1: string; city: string; region: string; postalCode: string; country: string }) {
  const missing = [!m.addressLine1 && "--address-line1", !m.city && "--city", !m.postalCode && "--postal-code"].filter(Boolean);
  return missing.length
    ? `\nCampaigns cannot send until the postal address is set: add ${missing.join(", ")} with merchant:update.`
    : "\nReady to send campaigns.";
}

function print(result: Record<string, unknown>, human: string) {
  console.log(values.json ? JSON.stringify(result, null, 2) : human);
}

async function main(): Promise<number> {
  const command = positionals[0];
  if (!command || values.help) {
    console.log(HELP);
    return command ? 0 : 1;
  }
  const pg = await prepareEnvironment({ quiet: true });
  try {
    const ops = await import("@/features/tenancy/admin-commands");
    switch (command) {
      case "merchant:create": {
        // Billing's onboarding: the operator command, then a paying publisher's quantity.
        const { onboardMerchant } = await import("@/features/billing/onboarding");
        const m = await onboardMerchant({
          name: values.name ?? "",
          slug: values.slug ?? "",
          timeZone: values["time-zone"] ?? "",
          currency: values.currency,
          category: values.category,
          publisherSlug: values.publisher,
          ...profileFlags(),
        });
        print(m, `Created merchant ${m.name} (${m.slug}, ${m.timeZone}, ${m.currency}). Its app: /m/${m.slug}${readiness(m)}`);
        return 0;
      }
      case "merchant:update": {
        if (values.publisher) throw new UsageError("--publisher cannot be changed with merchant:update.");
        const cap = values["frequency-cap-days"];
        const changes = Object.fromEntries(
          Object.entries({
            name: values.name,
            timeZone: values["time-zone"],
            currency: values.currency,
            category: values.category,
            ...profileFlags(),
            promotionFrequencyCapDays: cap === undefined ? undefined : Number(cap),
          }).filter(([, v]) => v !== undefined),
        );
        if (Object.keys(changes).length === 0) throw new UsageError("Give at least one setting to change, e.g. --city Portland.");
        const m = await ops.updateMerchantBySlug(values.slug ?? "", changes);
        print(m, `Updated ${m.name} (${m.slug}): ${Object.keys(changes).join(", ")}.${readiness(m)}`);
        return 0;
      }
      case "user:create": {
        const u = await ops.createUser({
          email: values.email ?? "",
          name: values.name,
          password: values.password,
          merchantSlug: values.merchant,
          role: values.role as "owner" | "manager" | "staff" | undefined,
          publisherSlug: values.publisher,
          platformAdmin: values["platform-admin"],
        });
        print(u, `User ${u.email} is ready${values.merchant ? ` (${values.role ?? "staff"} of ${values.merchant})` : ""}.`);
        return 0;
      }
      case "automations:run": {
        const { runAutomationsCommand } = await import("@/features/automations/cli");
        const r = await runAutomationsCommand({ merchantSlug: values.merchant ?? "", at: values.at });
        print(
          r,
          r.results
            .map((x) => `${x.kind}: ${x.outcome}${"sent" in x ? ` (${x.sent} sent, ${x.holdout} held out)` : ""}${"reason" in x ? ` — ${x.reason}` : ""}`)
            .join("\n") || "No automation is on.",
        );
        return 0;
      }
      case "feedback:run": {
        const { queueFeedbackRun } = await import("@/features/social/cli");
        const r = await queueFeedbackRun({ merchantSlug: values.merchant ?? "", at: values.at });
        print(r, `Asked the worker to send ${values.merchant}'s due feedback emails${values.at ? ` as of ${values.at}` : ""}.`);
        return 0;
      }
      case "api-key:create": {
        const k = await ops.createApiKeyForMerchant({ merchantSlug: values.merchant ?? "", name: values.name ?? "" });
        print(
          { id: k.id, name: k.name, prefix: k.prefix, key: k.key },
          `API key “${k.name}” for ${values.merchant}:\n\n  ${k.key}\n\nStore it now: it is shown only once.`,
        );
        return 0;
      }
      case "billing:setup": {
        const { stripe } = await import("@/lib/stripe");
        const { env } = await import("@/lib/env");
        const client = stripe();
        if (!client) {
          console.error("Set STRIPE_SECRET_KEY (a secret key of the Stripe account, sk_test_… or sk_live_…) first: see docs/operations.md.");
          return 1;
        }
        const { setupStripe } = await import("@/features/billing/setup");
        const webhookUrl = values["no-webhook"] ? null : (values["webhook-url"] ?? `${env().APP_URL}/api/stripe/webhook`);
        const result = await setupStripe(client, { webhookUrl });
        const lines = result.lines.map((l) => `  ${l.created ? "created " : "exists  "} ${l.what}  ${l.id}`).join("\n");
        const secret = result.webhookSecret
          ? `\n\nThe webhook endpoint's signing secret (shown once): set it as STRIPE_WEBHOOK_SECRET\n\n  ${result.webhookSecret}`
          : webhookUrl
            ? "\n\nThe webhook endpoint existed already: its signing secret is in the Stripe Dashboard (Developers → Webhooks)."
            : "";
        print(result, `Stripe is set up for Regulars:\n${lines}${secret}`);
        return 0;
      }
      case "billing:sync": {
        const { syncSubscription } = await import("@/features/billing/stripe-sync");
        const r = await syncSubscription(values.subscription ?? "");
        if (!r) {
          console.error("Nothing synced: is STRIPE_SECRET_KEY set, and does the subscription belong to a merchant or publisher here?");
          return 1;
        }
        print(r, `Recorded: ${JSON.stringify(r)}`);
        return 0;
      }
      default:
        console.error(`Unknown command “${command}”.\n\n${HELP}`);
        return 1;
    }
  } catch (err) {
    if (err instanceof ZodError) {
      for (const i of err.issues) console.error(`--${flagOf(String(i.path[0] ?? "input"))}: ${i.message}`);
    } else if (err instanceof UsageError || (err instanceof Error && err.name === "AppError")) {
      console.error(err.message);
    } else {
      console.error(err);
    }
    return 1;
  } finally {
    const { db } = await import("@/lib/db");
    await db.$disconnect();
    await pg.stop();
  }
}

// Operator commands act across merchants: a named platform path.
withPlatform("operator CLI", main).then((code) => process.exit(code));
