// The demo's page fed markup through what the bot echoes: a typed account name and a trust condition. The markup must
// show as text, and none of it may run. Usage: node hostile.mjs <page url> <screenshot folder> <account name>
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const [url, shots, account] = process.argv.slice(2);
const WAIT = { timeout: 30_000 };
mkdirSync(shots, { recursive: true });

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox"] });
const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
const say = async (text) => { await page.fill("#command", text); await page.press("#command", "Enter"); };
await page.goto(url);
await page.locator("#accounts li").first().waitFor(WAIT);

// a typed name of one word, so that the bot echoes it back in its "no account is named" answer
await say("/eksrole check <b>bold</b><img/src=x/onerror=window.pwned=1>");
await page.locator("#messages .message.ephemeral", { hasText: "no account is named" }).last().waitFor(WAIT);
await page.locator("#messages .message.ephemeral", { hasText: "<img/src=x/onerror=window.pwned=1>" }).last().waitFor(WAIT);
// the account's trust carries markup in a condition, which the verdict shows
await say("/eksrole check " + account);
await page.locator("#messages > .message:not(.ephemeral)", { hasText: "onerror=window.pwned=1" }).last().waitFor(WAIT);
await page.screenshot({ path: join(shots, "hostile.png"), fullPage: true });

const ran = await page.evaluate(() => window.pwned === 1);
const injected = await page.evaluate(() => document.querySelectorAll("#messages script, #messages img").length);
await browser.close();
if (ran || injected > 0) {
  console.error("markup from the bot became HTML: ran=" + ran + ", elements=" + injected);
  process.exit(1);
}
console.log("hostile passed: the markup stayed text");
