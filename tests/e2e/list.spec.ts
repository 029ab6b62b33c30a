import { expect, test, type Locator, type Page } from "@playwright/test";
import { query } from "./db";
import { signIn } from "./fixtures";

// The Best Customer List as a merchant uses it (issue 14): the builder, saved filters, paging,
// the phone layout.

const num = async (l: Locator) => Number(((await l.textContent()) ?? "").replace(/[^\d]/g, ""));

async function openBuilder(page: Page, query = "edit=1") {
  await page.goto(`/m/harbor-bistro/customers?${query}`);
  const builder = page.getByRole("region", { name: "Filter builder" });
  await expect(builder.getByTestId("live-count")).toHaveText(/\d customers?$/);
  return builder;
}

test.describe("the filter builder", () => {
  test.beforeEach(async ({ page }) => signIn(page, "manager@example.com"));

  test("a tag typed applies at once: the live count follows and Show uses it without leaving the box", async ({ page }) => {
    const builder = await openBuilder(page);
    const all = await num(builder.getByTestId("live-count"));
    await builder.getByRole("button", { name: "Condition", exact: true }).click();
    const row = builder.getByRole("listitem").first();
    await row.getByLabel("Field").selectOption("tags");
    await row.getByLabel("Tags, comma separated").pressSequentially("birthday");
    const [{ n }] = await query<{ n: number }>(
      `SELECT count(*)::int AS n FROM customers c JOIN merchants m ON m.id = c."merchantId"
        WHERE m.slug = 'harbor-bistro' AND c."tagIds" && (SELECT array_agg(t.id) FROM tags t WHERE t."merchantId" = m.id AND t."normalizedName" = 'birthday')`,
    );
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(all);
    await expect(builder.getByTestId("live-count")).toHaveText(`${n.toLocaleString("en-US")} customer${n === 1 ? "" : "s"}`);
    await expect(builder).toContainText("tagged birthday");
    // Still focused in the box: no blur has happened.
    await builder.getByRole("button", { name: "Show these customers" }).click();
    await expect(page).toHaveURL(/[?&]f=/);
    await expect(page.getByTestId("filter-count")).toHaveText(`· ${n.toLocaleString("en-US")}`);
  });

  test("an empty group or an unfilled condition is not part of the filter yet: the count stays", async ({ page }) => {
    const builder = await openBuilder(page);
    const all = await num(builder.getByTestId("live-count"));
    await builder.getByRole("button", { name: "Group", exact: true }).click();
    await builder.getByRole("button", { name: "Condition", exact: true }).click();
    await builder.getByRole("listitem").last().getByLabel("Field").selectOption("tags");
    await expect(builder.getByText("Not counted until it has a value")).toBeVisible();
    await page.waitForTimeout(800); // past the debounce: a recount would have answered by now
    await expect(builder.getByTestId("live-count")).toHaveText(`${all.toLocaleString("en-US")} customers`);
    await expect(builder).not.toContainText("no one");
  });

  test("words come before their inputs, and the 3-star preset shows the builder's star buttons", async ({ page }) => {
    const builder = await openBuilder(page);
    await builder.getByRole("button", { name: "Visit condition" }).click();
    await builder.getByLabel("at certain hours").check();
    const order = async (text: string, label: string) =>
      builder.evaluate(
        (root, [t, l]) => {
          const word = [...root.querySelectorAll("span")].find((s) => s.textContent === t)!;
          const input = root.querySelector(`input[aria-label="${l}"]`)!;
          return word.compareDocumentPosition(input) & Node.DOCUMENT_POSITION_FOLLOWING ? "word first" : "input first";
        },
        [text, label],
      );
    expect(await order("between", "From hour")).toBe("word first");
    expect(await order("and", "Until hour")).toBe("word first");
    expect(await order("at least", "At least how many visits")).toBe("word first");
    await expect(builder.getByLabel("From hour")).toHaveValue("14");
    await expect(builder.getByLabel("Until hour")).toHaveValue("17");
    await page.screenshot({ path: "test-results/screens/filter-builder-words.png", fullPage: true });

    const stars = await openBuilder(page, "preset=three-star&edit=1");
    await expect(stars.getByRole("button", { name: "3 stars" })).toHaveAttribute("aria-pressed", "true");
    await expect(stars.getByRole("spinbutton")).toHaveCount(0);
    await stars.getByRole("button", { name: "2 stars" }).click();
    await expect(stars.getByRole("button", { name: "2 stars" })).toHaveAttribute("aria-pressed", "true");
    await expect(stars.getByRole("button", { name: "3 stars" })).toHaveAttribute("aria-pressed", "false");
  });

  test("RFM segments read as words", async ({ page }) => {
    const builder = await openBuilder(page);
    await builder.getByRole("button", { name: "Condition", exact: true }).click();
    await builder.getByRole("listitem").first().getByLabel("Field").selectOption("rfmSegment");
    await builder.getByRole("button", { name: "Can't lose them" }).click();
    await expect(builder).toContainText("in the “Can't lose them” segment");
    await expect(page.getByText("cant lose")).toHaveCount(0);
  });
});
