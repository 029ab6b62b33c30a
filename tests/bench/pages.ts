// npm run bench:pages — Lighthouse on the pages people feel most: the counter, the Best Customer
// List, a Customer 360 (desktop profile) and a customer's preference page (throttled mobile
// profile, as a customer opens it on a phone from an email), against the built app on a fresh
// database with the demo seed, in the project's own Chromium. Prints performance, accessibility,
// best practices and SEO per page with the budget (accessibility ≥ 95, performance ≥ 90), the
// page's own time to first byte, and a floor measured in the same run: Lighthouse on a tiny static
// page served from this process (what this machine, this Chromium and each profile give for
// nothing) and the app's health route's TTFB. `--strict` exits 1 when a page is over budget.
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import lighthouse, { desktopConfig, type Flags, type Config } from "lighthouse";
import { chromium } from "@playwright/test";
import pg from "pg";
import { signPayload } from "@/lib/tokens";
import { seedDemo } from "../../prisma/seed";
import { freshDatabase, printTable, startApp } from "./lib";

const PORT = Number(process.env.E2E_PORT ?? process.env.PORT ?? 3302);
const DEBUG_PORT = PORT + 6000; // Chromium's remote-debugging port, beside the app's
const ORIGIN = `http://localhost:${PORT}`;
const BUDGET = { performance: 90, accessibility: 95 };
const strict = process.argv.includes("--strict");

type Profile = "desktop" | "mobile";
type Row = Record<string, string | number>;

function chromiumPath(): string {
  // The Chromium the end-to-end tests use (playwright.config.ts); Playwright's own download when it is there.
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  const own = chromium.executablePath();
  return existsSync(own) ? own : "/usr/bin/chromium";
}

/** A tiny static page, the floor: the same Chromium and profile with nothing of the app's to load. */
async function staticPage(): Promise<{ url: string; close: () => void }> {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Floor</title><meta name="description" content="A static page"></head><body><main><h1>Floor</h1><p>A static page with nothing to load.</p></main></body></html>`;
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-length": Buffer.byteLength(html) });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => server.close() };
}

/** Median time to first byte of a GET, in ms, over a few tries (after one warm-up). */
async function ttfb(url: string, cookie = ""): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 6; i++) {
    const start = performance.now();
    const res = await fetch(url, { headers: { cookie }, redirect: "manual" });
    const reader = res.body?.getReader();
    await reader?.read(); // the first byte of the body
    const t = performance.now() - start;
    await reader?.cancel();
    if (i > 0) times.push(t);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)]!);
}

async function audit(url: string, profile: Profile, cookie: string) {
  const flags: Flags = {
    port: DEBUG_PORT,
    output: "json",
    logLevel: "error",
    onlyCategories: ["performance", "accessibility", "best-practices", "seo"],
    ...(cookie ? { extraHeaders: { Cookie: cookie } } : {}),
  };
  // The default config is Lighthouse's throttled mobile profile (Moto G Power, slow 4G, 4× CPU); desktop is its desktop preset.
  const config: Config | undefined = profile === "desktop" ? desktopConfig : undefined;
  const result = await lighthouse(url, flags, config);
  const lhr = result?.lhr;
  if (!lhr) throw new Error(`Lighthouse returned nothing for ${url}`);
  if (lhr.runtimeError) throw new Error(`Lighthouse could not load ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
  const ms = (id: string) => Math.round(lhr.audits[id]?.numericValue ?? NaN);
  return {
    finalUrl: lhr.finalDisplayedUrl,
    performance: score("performance"),
    accessibility: score("accessibility"),
    bestPractices: score("best-practices"),
    seo: score("seo"),
    fcp: ms("first-contentful-paint"),
    lcp: ms("largest-contentful-paint"),
    tbt: ms("total-blocking-time"),
    cls: (lhr.audits["cumulative-layout-shift"]?.numericValue ?? 0).toFixed(3),
    serverMs: ms("server-response-time"),
    failedA11y: Object.values(lhr.categories.accessibility?.auditRefs ?? [])
      .filter((ref) => ref.weight > 0 && lhr.audits[ref.id]?.score === 0)
      .map((ref) => ref.id),
  };
}

async function main() {
  process.env.APP_URL = ORIGIN;
  process.env.NEXTAUTH_URL = ORIGIN;
  const database = await freshDatabase("regulars_bench_pages");
  await seedDemo(database.ownerUrl, { log: () => {} });
  const app = await startApp(PORT, { DATABASE_URL: database.url, APP_URL: ORIGIN, NEXTAUTH_URL: ORIGIN, DEV_MAILBOX_PUBLIC: "1", RESEND_API_KEY: "" });
  const floor = await staticPage();
  const executablePath = chromiumPath();
  const browser = await chromium.launch({
    executablePath,
    args: [
      `--remote-debugging-port=${DEBUG_PORT}`,
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  try {
    // The owner signs in through the real form; Lighthouse then sends the session cookie.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${ORIGIN}/sign-in`);
    await page.getByLabel("Email").fill("owner@example.com");
    await page.getByLabel("Password").fill("regulars-demo");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
    const cookie = (await context.cookies(ORIGIN)).map((c) => `${c.name}=${c.value}`).join("; ");
    await context.close();

    // A named platform path, as the seed reads across merchants (row-level security, docs/operations.md).
    const db = new pg.Client({ connectionString: database.ownerUrl, options: "-c app.scope=platform" });
    await db.connect();
    const { rows } = await db.query<{ id: string; merchantId: string }>(
      `SELECT c.id, c."merchantId" FROM customers c JOIN merchants m ON m.id = c."merchantId" WHERE m.slug = 'harbor-bistro' AND c."emailConsent" ORDER BY c."visitCount" DESC, c.id LIMIT 1`,
    );
    await db.end();
    const regular = rows[0]!;
    // The signed link an email carries (the app's own scheme and secret, set by prepareAppEnvironment).
    const token = signPayload({ m: regular.merchantId, c: regular.id }, process.env.LINK_SIGNING_SECRET!);

    const pages: { name: string; path: string; profile: Profile; signedIn: boolean }[] = [
      { name: "Counter", path: "/m/harbor-bistro/counter", profile: "desktop", signedIn: true },
      { name: "Best Customer List", path: "/m/harbor-bistro/customers", profile: "desktop", signedIn: true },
      { name: "Customer 360", path: `/m/harbor-bistro/customers/${regular.id}`, profile: "desktop", signedIn: true },
      { name: "Preference page", path: `/u/${token}`, profile: "mobile", signedIn: false },
    ];
    console.log(`▸ Lighthouse in ${executablePath} against ${ORIGIN} (demo seed)`);
    const rowsOut: Row[] = [];
    let over = 0;
    for (const p of pages) {
      const c = p.signedIn ? cookie : "";
      await fetch(`${ORIGIN}${p.path}`, { headers: { cookie: c } }); // warm the route once, as a real server is warm
      const r = await audit(`${ORIGIN}${p.path}`, p.profile, c);
      if (!new URL(r.finalUrl).pathname.startsWith(p.path.split("?")[0]!)) throw new Error(`${p.name} ended on ${r.finalUrl}, not the page (signed out?)`);
      const ok = r.performance >= BUDGET.performance && r.accessibility >= BUDGET.accessibility;
      if (!ok) over += 1;
      rowsOut.push({
        page: p.name,
        profile: p.profile,
        performance: r.performance,
        accessibility: r.accessibility,
        "best practices": r.bestPractices,
        seo: r.seo,
        budget: ok ? "ok (perf ≥ 90, a11y ≥ 95)" : `OVER (perf ${r.performance}/90, a11y ${r.accessibility}/95)`,
        "FCP ms": r.fcp,
        "LCP ms": r.lcp,
        "TBT ms": r.tbt,
        CLS: r.cls,
        "TTFB ms": await ttfb(`${ORIGIN}${p.path}`, c),
      });
      if (r.failedA11y.length) console.log(`  ${p.name}: failed accessibility audits: ${r.failedA11y.join(", ")}`);
    }
    for (const profile of ["desktop", "mobile"] as const) {
      const r = await audit(floor.url, profile, "");
      rowsOut.push({
        page: "floor: static page",
        profile,
        performance: r.performance,
        accessibility: r.accessibility,
        "best practices": r.bestPractices,
        seo: r.seo,
        budget: "(floor)",
        "FCP ms": r.fcp,
        "LCP ms": r.lcp,
        "TBT ms": r.tbt,
        CLS: r.cls,
        "TTFB ms": await ttfb(floor.url),
      });
    }
    rowsOut.push({
      page: "floor: app /api/health",
      profile: "-",
      performance: "-",
      accessibility: "-",
      "best practices": "-",
      seo: "-",
      budget: "(floor)",
      "FCP ms": "-",
      "LCP ms": "-",
      "TBT ms": "-",
      CLS: "-",
      "TTFB ms": await ttfb(`${ORIGIN}/api/health`),
    });
    printTable("Lighthouse scores (0–100) per page, budget: performance ≥ 90 and accessibility ≥ 95; TTFB is the median of 5 fetches from Node", rowsOut);
    if (over) console.log(`${over} page(s) over budget.`);
    process.exitCode = strict && over ? 1 : 0;
  } finally {
    await browser.close();
    floor.close();
    app.kill("SIGTERM");
    await database.drop().catch(() => {});
    await database.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
