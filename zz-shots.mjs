import { chromium } from "@playwright/test";
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const base = "http://localhost:3917";
async function shot(path, w, h, name, fn) {
  const p = await b.newPage({ viewport: { width: w, height: h } });
  const errs = [];
  p.on("console", (m) => m.type() === "error" && errs.push(m.text()));
  p.on("pageerror", (e) => errs.push(String(e)));
  await p.goto(base + path, { waitUntil: "networkidle" });
  if (fn) await fn(p);
  await p.screenshot({ path: `/tmp/shot-${name}.png`, fullPage: true });
  if (errs.length) console.log(name, "errors:", errs);
  await p.close();
}
await shot("/", 1280, 800, "landing");
await shot("/", 390, 844, "landing-mobile");
await shot("/does-not-exist", 1280, 700, "404");
await shot("/zz-shell-preview", 1280, 900, "shell");
await shot("/zz-shell-preview", 390, 844, "shell-mobile-open", async (p) => {
  await p.getByRole("button", { name: "Open menu" }).click();
  console.log("focused:", await p.evaluate(() => document.activeElement?.outerHTML.slice(0, 80)));
  console.log("expanded:", await p.getByRole("button", { name: "Close menu" }).getAttribute("aria-expanded"));
  await p.keyboard.press("Escape");
  console.log("after esc visible nav:", await p.getByRole("navigation", { name: "Main" }).isVisible(), await p.evaluate(() => document.activeElement?.textContent));
  await p.getByRole("button", { name: "Open menu" }).click();
});
// keyboard: skip link and current page
{
  const p = await b.newPage({ viewport: { width: 1280, height: 800 } });
  await p.goto(base + "/zz-shell-preview", { waitUntil: "networkidle" });
  await p.keyboard.press("Tab");
  console.log("first tab:", await p.evaluate(() => document.activeElement?.textContent));
  await p.screenshot({ path: "/tmp/shot-skip.png" });
  await p.keyboard.press("Enter");
  console.log("after skip:", await p.evaluate(() => document.activeElement?.id));
  console.log("current:", await p.locator('[aria-current="page"]').allTextContents());
  console.log("switcher label count:", await p.getByLabel("Switch merchant").count());
  const email = p.getByLabel("Email");
  console.log("email aria:", await email.getAttribute("aria-invalid"), await email.getAttribute("aria-describedby"));
  const name = p.getByLabel("Name");
  console.log("name aria:", await name.getAttribute("aria-required"), await name.getAttribute("aria-describedby"));
  await p.getByRole("button", { name: "Export" }).focus();
  await p.keyboard.press("Shift+Tab"); await p.keyboard.press("Tab");
  await p.screenshot({ path: "/tmp/shot-focus.png", clip: { x: 256, y: 0, width: 1024, height: 200 } });
  await p.getByLabel("Name").focus();
  await p.screenshot({ path: "/tmp/shot-focus-input.png", clip: { x: 256, y: 500, width: 1024, height: 400 } });
  await p.close();
}
await b.close();
