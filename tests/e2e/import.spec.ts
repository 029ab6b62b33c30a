import { expect, test } from "@playwright/test";
import { query } from "./db";
import { signIn } from "./fixtures";

test("a manager imports customers from CSV: map, check, see the problems, import with progress", async ({ page }) => {
  await signIn(page, "manager@example.com");
  await page.goto("/m/harbor-bistro/import");
  const csv = ["E-mail,Given name,Surname,Mobile", "imp.one@example.org,Ima,One,", "imp.two@example.org,Ima,Two,+14155550199", "broken-address,Bad,Row,"].join("\n");
  await page.getByLabel("CSV file").setInputFiles({ name: "guests.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Upload" }).click();
  // "Given name" and "Surname" are matched by name; "E-mail" too.
  await expect(page.getByLabel("Email", { exact: true })).toHaveValue("E-mail");
  await page.getByLabel("First name").selectOption("Given name");
  await page.getByLabel("Last name").selectOption("Surname");
  await page.getByRole("button", { name: "Check every row" }).click();
  await expect(page.getByTestId("import-summary")).toContainText("3 rows: 2 ready, 1 with problems.");
  await expect(page.getByText("Line 4:")).toBeVisible();
  await page.getByRole("button", { name: "Import 2 valid rows" }).click();
  await expect(page.getByText("Import finished")).toBeVisible();
  await expect(page.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100");
  await page.screenshot({ path: "test-results/screens/import.png", fullPage: true });
  expect(await query(`SELECT "firstName", "lastName" FROM customers WHERE "emailNormalized" LIKE 'imp.%@example.org' ORDER BY "lastName"`)).toEqual([
    { firstName: "Ima", lastName: "One" },
    { firstName: "Ima", lastName: "Two" },
  ]);
});

test("staff cannot reach the import", async ({ page }) => {
  await signIn(page, "staff@example.com");
  expect((await page.goto("/m/harbor-bistro/import"))?.status()).toBe(404);
  expect((await page.request.post("/m/harbor-bistro/import/uploads?kind=customers", { data: "email\nx@example.com\n" })).status()).toBe(403);
});
