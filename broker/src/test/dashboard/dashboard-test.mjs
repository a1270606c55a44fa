// Clicks through the dashboard as a user would: refused token, real token, client listed, kick, row gone.
// Run by DashboardTest with DASHBOARD_URL, ADMIN_TOKEN, CLIENT_ID, SCREENSHOT in the environment.
import { chromium } from "playwright-core";

const { DASHBOARD_URL, ADMIN_TOKEN, CLIENT_ID, SCREENSHOT } = process.env;
const TIMEOUT = 20000;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  page.setDefaultTimeout(TIMEOUT);
  const errors = [];
  page.on("pageerror", error => errors.push(error.message));

  await page.goto(DASHBOARD_URL + "/");
  if (!page.url().endsWith("/dashboard/")) {
    throw new Error("/ did not redirect to /dashboard/: " + page.url());
  }

  await page.fill("#token", "not-the-admin-token");
  await page.click("#login button[type=submit]");
  await page.waitForSelector("#login-error:has-text('the token was refused')");

  await page.fill("#token", ADMIN_TOKEN);
  await page.click("#login button[type=submit]");
  const row = `#clients tr[data-client-id="${CLIENT_ID}"]`;
  await page.waitForSelector(row);
  // A few polls, so that both charts have data to draw.
  await page.waitForFunction(() => Number(document.getElementById("stat-connections").textContent) >= 2);
  await page.waitForFunction(() => Number(document.body.dataset.samples) >= 8);
  await page.screenshot({ path: SCREENSHOT, fullPage: true });

  await page.click(`${row} button.kick`);
  await page.waitForSelector(row, { state: "detached" });
  await page.waitForSelector(`#status:has-text("disconnected ${CLIENT_ID}")`);
  if (errors.length > 0) {
    throw new Error("errors in the page: " + errors.join("; "));
  }
  console.log("dashboard: kicked " + CLIENT_ID);
} finally {
  await browser.close();
}
