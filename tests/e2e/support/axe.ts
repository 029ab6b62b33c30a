import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/** The impacts that fail a page: a person using a screen reader, a keyboard or low vision is blocked or badly hindered. */
const BLOCKING = new Set(["serious", "critical"]);

/**
 * Runs axe-core (every rule it ships, WCAG 2.x A/AA and its best practices) on the page as it is now
 * and fails on any serious or critical violation, naming each one: its rule id, impact, the elements
 * it found (CSS targets) and axe's help text with its link, so the failure says what to fix.
 * `soft` records the failure and lets the test go on to the next page, so one run lists every page's problems.
 */
export async function expectNoSeriousA11yViolations(page: Page, opts: { label?: string; soft?: boolean } = {}): Promise<void> {
  const label = opts.label ?? new URL(page.url()).pathname;
  const results = await new AxeBuilder({ page }).analyze();
  const blocking = results.violations.filter((v) => BLOCKING.has(v.impact ?? ""));
  const report = blocking
    .map((v) => {
      const targets = v.nodes
        .slice(0, 8)
        .map((n) => `      - ${n.target.join(" ")}${n.failureSummary ? `\n        ${n.failureSummary.replace(/\n/g, "\n        ")}` : ""}`)
        .join("\n");
      const more = v.nodes.length > 8 ? `\n      … and ${v.nodes.length - 8} more` : "";
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${targets}${more}`;
    })
    .join("\n");
  (opts.soft ? expect.soft : expect)(blocking.length, `serious or critical accessibility violations on ${label}:\n${report}`).toBe(0);
}
