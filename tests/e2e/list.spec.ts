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
    // The top level's "Condition" (the new group has its own, first): the group stays empty.
    await builder.getByRole("button", { name: "Condition", exact: true }).last().click();
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

test.describe("the list", () => {
  test.beforeEach(async ({ page }) => signIn(page, "manager@example.com"));

  test("saved filters sit apart from the presets, and can be renamed, reordered and deleted", async ({ page }) => {
    const stamp = Date.now().toString(36);
    for (const name of [`E2E first ${stamp}`, `E2E second ${stamp}`]) {
      await page.goto("/m/harbor-bistro/customers?preset=big-spenders&edit=1");
      await page.getByLabel("Save as group").fill(name);
      await page.getByRole("button", { name: "Save as my filter" }).click();
      await expect(page.getByText(`Saved “${name}” under Your saved filters.`)).toBeVisible();
    }
    await page.goto("/m/harbor-bistro/customers");
    const saved = page.getByRole("navigation", { name: "Your saved filters" });
    await expect(saved.getByRole("link", { name: `E2E first ${stamp}` })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Smart Filters" }).getByRole("link", { name: /^E2E / })).toHaveCount(0);
    await page.screenshot({ path: "test-results/screens/list-1280.png", fullPage: true });

    await page.getByText("Rename, reorder or delete your saved filters").click();
    const manager = page.getByRole("list", { name: "Your saved filters" });
    const names = async () => (await saved.getByRole("link").allTextContents()).filter((n) => n.endsWith(stamp));
    expect(await names()).toEqual([`E2E first ${stamp}`, `E2E second ${stamp}`]);
    await manager.getByRole("button", { name: `Move “E2E second ${stamp}” up` }).click();
    await expect.poll(names).toEqual([`E2E second ${stamp}`, `E2E first ${stamp}`]);

    await manager.getByLabel(`Name of “E2E first ${stamp}”`).fill(`E2E renamed ${stamp}`);
    await manager
      .getByRole("listitem")
      .filter({ has: page.getByLabel(`Name of “E2E first ${stamp}”`) })
      .getByRole("button", { name: "Rename" })
      .click();
    await expect(saved.getByRole("link", { name: `E2E renamed ${stamp}` })).toBeVisible();

    page.once("dialog", (d) => d.accept());
    await manager.getByRole("button", { name: `Delete “E2E renamed ${stamp}”` }).click();
    await expect(saved.getByRole("link", { name: `E2E renamed ${stamp}` })).toHaveCount(0);
    expect(await query(`SELECT name FROM smart_filters WHERE name LIKE $1 ORDER BY name`, [`%${stamp}`])).toEqual([{ name: `E2E second ${stamp}` }]);
  });

  test("a group's name opens its members; Smart Filter groups show their size; rename and delete", async ({ page }) => {
    const stamp = Date.now().toString(36);
    await page.goto("/m/harbor-bistro/customers?preset=lapsed&edit=1");
    await page.getByLabel("Save as group").fill(`E2E Lapsed ${stamp}`);
    await page.getByRole("button", { name: "Save group" }).click();
    await expect(page.getByText(`Saved “E2E Lapsed ${stamp}”`)).toBeVisible();

    await page.goto("/m/harbor-bistro/groups");
    const row = page.getByRole("row").filter({ hasText: `E2E Lapsed ${stamp}` });
    const size = await num(row.getByTestId("group-size"));
    expect(size).toBeGreaterThan(0);
    await page.screenshot({ path: "test-results/screens/groups.png", fullPage: true });
    await row.getByRole("link", { name: `E2E Lapsed ${stamp}` }).click();
    await expect(page).toHaveURL(/[?&]group=/);
    await expect(page.getByRole("heading", { level: 2, name: /^Group: / })).toContainText(`Group: E2E Lapsed ${stamp}`);
    await expect(page.getByTestId("filter-count")).toHaveText(`· ${size.toLocaleString("en-US")}`);

    await page.goto("/m/harbor-bistro/groups");
    await row.getByRole("button", { name: `Rename “E2E Lapsed ${stamp}”` }).click();
    await page.getByLabel("New group name").fill(`E2E Gone quiet ${stamp}`);
    await page.getByRole("button", { name: "Save", exact: true }).click();
    const renamed = page.getByRole("row").filter({ hasText: `E2E Gone quiet ${stamp}` });
    await expect(renamed).toBeVisible();
    page.once("dialog", (d) => d.accept());
    await renamed.getByRole("button", { name: `Delete “E2E Gone quiet ${stamp}”` }).click();
    await expect(renamed).toHaveCount(0);
    expect(await query(`SELECT 1 FROM groups WHERE name LIKE $1`, [`E2E % ${stamp}%`])).toEqual([]);
  });

  test("page 2 has a way back and says which rows it shows; ratings show usual and latest", async ({ page }) => {
    await page.goto("/m/harbor-bistro/customers");
    const total = await num(page.getByTestId("filter-count"));
    expect(total).toBeGreaterThan(100);
    const showing = page.getByTestId("showing");
    await expect(showing).toHaveText(`Showing 1–50 of ${total.toLocaleString("en-US")}`);
    const firstName = await page.getByRole("table").locator("tbody tr").first().getByRole("link").textContent();
    await page.getByRole("link", { name: "Next" }).click();
    await expect(showing).toHaveText(`Showing 51–100 of ${total.toLocaleString("en-US")}`);
    await page.getByRole("link", { name: "Next" }).click();
    await expect(showing).toHaveText(`Showing 101–150 of ${total.toLocaleString("en-US")}`);
    await page.getByRole("link", { name: "Previous" }).click();
    await expect(showing).toHaveText(`Showing 51–100 of ${total.toLocaleString("en-US")}`);
    await page.getByRole("link", { name: "Previous" }).click();
    await expect(showing).toHaveText(`Showing 1–50 of ${total.toLocaleString("en-US")}`);
    await expect(page.getByRole("link", { name: "Previous" })).toHaveCount(0);
    expect(await page.getByRole("table").locator("tbody tr").first().getByRole("link").textContent()).toBe(firstName);

    // A customer whose latest rating differs from the usual one shows both.
    const [c] = await query<{ id: string }>(
      `SELECT c.id FROM customers c JOIN merchants m ON m.id = c."merchantId" WHERE m.slug = 'harbor-bistro' AND c."usualRating" <> c."lastRating" ORDER BY c."lastVisitAt" DESC NULLS LAST LIMIT 1`,
    );
    if (c) {
      const [{ usual, latest }] = await query<{ usual: number; latest: number }>(
        `SELECT "usualRating" AS usual, "lastRating" AS latest FROM customers WHERE id = $1`,
        [c.id],
      );
      await page.goto(
        `/m/harbor-bistro/customers?f=${Buffer.from(
          JSON.stringify({
            and: [
              { field: "usualRating", op: "eq", value: usual },
              { field: "rating", op: "eq", value: latest },
            ],
          }),
        ).toString("base64url")}`,
      );
      await expect(
        page
          .getByRole("table")
          .getByLabel(`Usually ${usual} star${usual === 1 ? "" : "s"}, latest ${latest}`)
          .first(),
      ).toBeVisible();
    }
  });

  test("on a phone the list is cards, the first one above the fold", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/m/harbor-bistro/customers");
    const cards = page.getByRole("list", { name: "Customers" });
    await expect(cards).toBeVisible();
    await expect(page.getByRole("table")).toBeHidden();
    const first = await cards.getByRole("listitem").first().boundingBox();
    expect(first!.y + first!.height).toBeLessThan(844);
    // Nothing scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: "test-results/screens/list-390.png" });
    await page.screenshot({ path: "test-results/screens/list-390-full.png", fullPage: true });
  });

  test("on a 1024×768 tablet the list is the table, the first rows above the fold, nothing sideways", async ({ page }) => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.goto("/m/harbor-bistro/customers");
    const table = page.getByRole("table");
    await expect(table).toBeVisible();
    await expect(page.getByRole("list", { name: "Customers" })).toBeHidden();
    const firstRow = await table.getByRole("row").nth(1).boundingBox();
    expect(firstRow!.y + firstRow!.height).toBeLessThan(768);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
    // No column hidden off to the side of the table's box: segment and social score ride under the name.
    const box = page.locator('[data-slot="table-container"]');
    expect(await box.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    await expect(table.getByTestId("customer-extra").first()).toBeVisible();
    await page.screenshot({ path: "test-results/screens/list-1024.png" });
    await page.screenshot({ path: "test-results/screens/list-1024-full.png", fullPage: true });
  });

  test("the export speaks to people, the machine shape is kept", async ({ page }) => {
    const people = await page.request.get("/m/harbor-bistro/customers/export");
    const head = (await people.text()).split("\n")[0];
    expect(head).toBe(
      "First name,Last name,Email,Phone,Visits,Total spent (USD),Last visit (America/New_York),Usual rating,Latest rating,Segment,May receive email,Customer ID",
    );
    const machine = await page.request.get("/m/harbor-bistro/customers/export?format=machine");
    expect((await machine.text()).split("\n")[0]).toBe(
      "id,firstName,lastName,email,phone,visits,totalSpentCents,lastVisitAt,rating,rfmSegment,emailConsent,usualRating",
    );
  });

  test("the sidebar reaches the bottom of a long page, and a toast leaves the header buttons free", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto("/m/harbor-bistro/customers");
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    const sidebar = await page.locator("#app-sidebar").boundingBox();
    expect(sidebar!.y).toBeLessThanOrEqual(0);
    expect(sidebar!.y + sidebar!.height).toBeGreaterThanOrEqual(800);
    await page.screenshot({ path: "test-results/screens/list-bottom-1280.png" });

    await page.goto("/m/harbor-bistro/customers?preset=big-spenders&edit=1");
    await page.getByLabel("Save as group").fill(`E2E toast ${Date.now().toString(36)}`);
    await page.getByRole("button", { name: "Save as my filter" }).click();
    const toast = page.locator("[data-sonner-toast]").first();
    await expect(toast).toBeVisible();
    const t = (await toast.boundingBox())!;
    const exportButton = (await page.getByRole("link", { name: "Export CSV" }).boundingBox())!;
    const overlaps =
      t.x < exportButton.x + exportButton.width &&
      exportButton.x < t.x + t.width &&
      t.y < exportButton.y + exportButton.height &&
      exportButton.y < t.y + t.height;
    expect(overlaps).toBe(false);
  });
});
