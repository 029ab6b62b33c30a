import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { signIn } from "./fixtures";

// A manager connects another system: adds an endpoint (a receiver on this machine; the e2e app
// allows private addresses), keeps the secret shown once, sends a test event, and the receiver
// verifies the delivery with a Standard Webhooks library; the log says "Delivered".

test("a manager adds a webhook endpoint and its receiver gets a signed test event", async ({ page }) => {
  test.slow();
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/regulars`;
  try {
    await signIn(page, "manager@example.com");
    await page.goto("/m/harbor-bistro/settings");
    await page.getByRole("link", { name: "Manage webhooks" }).click();
    await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();

    // The server's own check, where the URL was typed (the browser already refuses a non-URL).
    await page.getByLabel("Endpoint URL").fill("ftp://example.com/hook");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await expect(page.getByText("Use an https:// URL.")).toBeVisible();
    // What was typed stays beside the message that explains it (a form action would clear it).
    await expect(page.getByLabel("Endpoint URL")).toHaveValue("ftp://example.com/hook");

    await page.getByLabel("Endpoint URL").fill(url);
    await page.getByLabel("Description (optional)").fill("Our CRM");
    await page.getByLabel(/A customer unsubscribes/).check();
    await page.getByRole("button", { name: "Add endpoint" }).click();
    const secret = (await page.getByTestId("webhook-secret").textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);
    // Added: the form is empty again for the next endpoint.
    await expect(page.getByLabel("Endpoint URL")).toHaveValue("");
    await expect(page.getByLabel("Description (optional)")).toHaveValue("");

    const endpoint = page.getByTestId("webhook-endpoint").filter({ hasText: url });
    await expect(endpoint.getByText("Our CRM")).toBeVisible();
    await endpoint.getByRole("button", { name: "Send test event" }).click();
    // Every delivery verifies; the test event is among them. Others may come first: the endpoint takes
    // every event, and tests running beside this one capture visits at the same merchant.
    const types = () => received.map((r) => (new Webhook(secret).verify(r.body, r.headers as Record<string, string>) as { type: string }).type);
    await expect.poll(types, { timeout: 30_000 }).toContain("webhook.test");

    await expect
      .poll(
        async () => {
          await page.reload();
          return endpoint.getByText("Delivered").count();
        },
        { timeout: 30_000 },
      )
      .toBeGreaterThan(0);
    await page.screenshot({ path: "test-results/screens/webhooks.png", fullPage: true });

    // Cleaned up through the page, so the demo database keeps no endpoint to a closed port.
    page.once("dialog", (d) => void d.accept());
    await endpoint.getByRole("button", { name: `Delete the endpoint ${url}` }).click();
    await expect(page.getByTestId("webhook-endpoint").filter({ hasText: url })).toHaveCount(0);
  } finally {
    server.close();
  }
});
