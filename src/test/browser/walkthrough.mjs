// The demo's page in headless Chromium, as a person would use it: check prod-eu, Fix…, the requester's own Approve
// refused, a second person's Approve, the OK verdict, a check that goes on in a thread, a scan filling in, Reset and prod-eu broken again. Saves a screenshot of each step.
// Usage: node walkthrough.mjs <page url> <screenshot folder>; CHROMIUM names the browser (default /usr/bin/chromium).
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const [url, shots] = process.argv.slice(2);
const WAIT = { timeout: 30_000 };
mkdirSync(shots, { recursive: true });

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox"] });
const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));
page.on("dialog", (d) => { errors.push("a native dialog opened: " + d.message()); d.dismiss(); });
let step = 0;
const shot = async (name) => page.screenshot({ path: join(shots, String(++step).padStart(2, "0") + "-" + name + ".png"), fullPage: true });
const say = async (text) => { await page.fill("#command", text); await page.press("#command", "Enter"); };
const as = async (id) => page.selectOption("#person", id);
const message = (text) => page.locator("#messages > .message", { hasText: text }).last();

await page.goto(url);
await page.locator("#accounts li").first().waitFor(WAIT);
await page.locator("#send:not([disabled])").waitFor(WAIT); // the bot answers: no "starting" note
await as("U0DEMORILEY");
await say("/eksrole check prod-eu");
const verdict = message("NEEDS_FIX · prod-eu");
await verdict.waitFor(WAIT);
await verdict.locator("button", { hasText: "Fix…" }).first().waitFor(WAIT);
await shot("check-needs-fix");

await verdict.locator("button", { hasText: "Fix…" }).first().click();
const request = page.locator("#messages > .message", { has: page.locator("button", { hasText: "Approve" }) }).last();
await request.waitFor(WAIT);
await request.getByText("iam:AttachRolePolicy", { exact: false }).first().waitFor(WAIT);
const requestTs = await request.getAttribute("data-ts");
await shot("approval-request");

await request.locator("button", { hasText: "Approve" }).click();
await page.locator("#confirm:not([hidden])").waitFor(WAIT);
await shot("confirm-dialog");
await page.keyboard.press("Escape"); // cancels, as in Slack: nothing is sent
await page.locator("#confirm").waitFor({ state: "hidden", ...WAIT });
await request.locator("button", { hasText: "Approve" }).click();
await page.click("#confirm-ok");
await message("someone else must approve it").waitFor(WAIT);
await shot("own-approve-refused");

await as("U0DEMOAVERY");
await request.locator("button", { hasText: "Approve" }).click();
await page.click("#confirm-ok");
await message("OK · prod-eu").waitFor(WAIT);
// the request itself is updated in place: applied, by whom, its buttons gone
const updated = page.locator(`#messages > .message[data-ts="${requestTs}"]`);
await updated.filter({ hasText: "Applied" }).filter({ hasText: "Approved by @Avery" }).waitFor(WAIT);
if (!(await updated.locator(".edited").isVisible()) || (await updated.locator("button", { hasText: "Approve" }).count()) > 0) {
  errors.push("the approval request was not updated in place: " + (await updated.innerText()));
}
await shot("approved-and-ok");

await say("/eksrole check shared-services");
const big = message("OK · shared-services");
await big.waitFor(WAIT);
await big.locator("button.replies").click();
await page.locator("#thread:not([hidden]) #thread-messages > .message", { hasText: "returns-eksNodeRole" }).waitFor(WAIT);
await shot("thread");
await page.click("#thread-close");

await say("/eksrole scan");
await page.locator("#messages > .message", { hasText: /Scanning 9 accounts… [1-8] of 9 done/ }).waitFor(WAIT);
await shot("scan-filling-in");
await message("Scan · 9 accounts").waitFor(WAIT);
await shot("scan");

await page.click("#reset");
await page.locator("#messages > .message").first().waitFor({ state: "detached", ...WAIT });
await say("/eksrole check prod-eu");
await message("NEEDS_FIX · prod-eu").waitFor(WAIT);
await shot("reset-and-prod-eu-needs-fix-again");

await browser.close();
if (errors.length) {
  console.error(errors.join("\n"));
  process.exit(1);
}
console.log("walkthrough passed: " + step + " screenshots in " + shots);
