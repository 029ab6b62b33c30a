// `npm run cli -- <command> [--flags]`: operator commands that work whether or not the app runs
// (they start the embedded PostgreSQL themselves when DATABASE_URL is unset).
import { parseArgs } from "node:util";
import { ZodError } from "zod";
import { prepareEnvironment } from "../../scripts/lib/dev-env";
import { withPlatform } from "@/lib/tenant";

const HELP = `Regulars CLI

  merchant:create --name <name> --slug <slug> --time-zone <IANA zone> [--currency USD] [--category restaurant] [--publisher <slug>]
  user:create     --email <email> [--name <name>] [--password <password>] [--merchant <slug> --role owner|manager|staff] [--publisher <slug>] [--platform-admin]
  api-key:create  --merchant <slug> --name <name>          prints the key once; only its hash is stored
  automations:run --merchant <slug> [--at <ISO time>]
                  evaluates the merchant's automations now (or as of --at, e.g. to catch up or
                  to test), ignoring the send time; the worker delivers what fired

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
    "platform-admin": { type: "boolean", default: false },
    json: { type: "boolean", default: false },
    at: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
});

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
        const m = await ops.createMerchant({
          name: values.name ?? "",
          slug: values.slug ?? "",
          timeZone: values["time-zone"] ?? "",
          currency: values.currency,
          category: values.category,
          publisherSlug: values.publisher,
        });
        print(m, `Created merchant ${m.name} (${m.slug}, ${m.timeZone}, ${m.currency}). Its app: /m/${m.slug}`);
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
        print(r, r.results.map((x) => `${x.kind}: ${x.outcome}${"sent" in x ? ` (${x.sent} sent, ${x.holdout} held out)` : ""}${"reason" in x ? ` — ${x.reason}` : ""}`).join("\n") || "No automation is on.");
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
      default:
        console.error(`Unknown command “${command}”.\n\n${HELP}`);
        return 1;
    }
  } catch (err) {
    if (err instanceof ZodError) {
      for (const i of err.issues) console.error(`--${String(i.path[0] ?? "input")}: ${i.message}`);
    } else if (err instanceof Error && err.name === "AppError") {
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
