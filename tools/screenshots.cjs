// Photographs an HTML page rendered by sopkit as a reader sees it, for the
// docs: the page from its top to the end of its flowchart on a 1280 px wide
// screen, and the page printed on A4 (a PDF, for pdftoppm).
//
// Usage: node tools/screenshots.cjs PAGE.html SCREEN.png PRINT.pdf
//   playwright-core must be resolvable (NODE_PATH); Chromium at $CHROMIUM
//   or /usr/bin/chromium.
"use strict";

const { chromium } = require("playwright-core");
const path = require("node:path");

async function main() {
  const [page_, screen, print] = process.argv.slice(2).map((p) => path.resolve(p));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`file://${page_}`);
    const bottom = await page.evaluate(() => {
      const figure = document.querySelector("figure.flowchart");
      return Math.ceil(figure.getBoundingClientRect().bottom + window.scrollY + 24);
    });
    await page.screenshot({ path: screen, fullPage: true, clip: { x: 0, y: 0, width: 1280, height: bottom } });
    await page.pdf({ path: print, format: "A4" });
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
