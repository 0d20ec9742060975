// The flowchart on the HTML page, as a reader sees it (issue 22): rendered
// by sopkit and opened in headless Chromium on a 1280×800 screen, every
// shape of the flowchart lies within the page's width (no horizontal
// scrolling) and its text is at least 9 CSS px; printed to PDF on A4 and
// Letter, no band of the flowchart is taller than a page (so none is cut)
// and every step's first line is in the PDF's text.
//
// Usage: node tests/browser/fit.cjs SOPKIT_BIN
//   playwright-core must be resolvable (NODE_PATH=PREFIX/node_modules);
//   Chromium at $CHROMIUM or /usr/bin/chromium; pdftotext on PATH.
// Prints one line per page checked; exits non-zero on any failure.
"use strict";

const { chromium } = require("playwright-core");
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const repo = path.resolve(__dirname, "..", "..");
const bin = path.resolve(process.argv[2] || path.join(repo, "target/release/sopkit"));
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
const SCREEN = { width: 1280, height: 800 };
const MIN_TEXT_PX = 9;
const FONT_PX = 13;
// A printed page's text area, in CSS px, for each paper (16 mm and 14 mm
// margins, as the page's print style sets).
const PAPERS = {
  A4: { width: (210 - 28) / 25.4 * 96, height: (297 - 32) / 25.4 * 96 },
  Letter: { width: (215.9 - 28) / 25.4 * 96, height: (279.4 - 32) / 25.4 * 96 },
};

/// SOPs beyond the examples: many steps in three roles, more roles than
/// fit side by side, a long chain, and one decision with ten branches (too
/// wide to run down a page).
function generated(dir) {
  const head = (title, roles) =>
    `title: ${title}\ndepartment: Ops\npurpose: P.\nterms: {}\nroles:\n` +
    roles.map((r) => `  ${r}: The ${r} on duty\n`).join("") +
    "instructions:\n";
  const roles3 = ["agent", "lead", "manager"];
  let long = head("Long procedure with roles", roles3);
  for (let i = 0; i < 40; i++) {
    long += `  - id: s${i}\n    role: ${roles3[i % 5 === 4 ? 1 : i % 7 === 6 ? 2 : 0]}\n`;
    if (i % 5 === 3 && i + 3 < 40) {
      long += `    text: Did step ${i} work out as planned?\n    branches:\n      "yes": s${i + 1}\n      "no": s${Math.max(0, i - 2)}\n      "escalate": s${i + 3}\n`;
    } else {
      long += `    text: Do the work of step ${i} and note it in the ticket.\n`;
    }
  }
  const roles8 = ["intake", "agent", "lead", "manager", "finance", "legal", "courier", "auditor"];
  let many = head("Eight roles", roles8);
  for (let i = 0; i < 12; i++) {
    many += `  - id: m${i}\n    role: ${roles8[i % 8]}\n    text: Step ${i} done by the ${roles8[i % 8]}.\n`;
  }
  let chain = head("A long chain", ["agent"]);
  for (let i = 0; i < 30; i++) {
    chain += `  - role: agent\n    text: Step ${i} of the chain, written down.\n`;
  }
  let fan = "title: One question, ten answers\ndepartment: Ops\npurpose: P.\nterms: {}\ninstructions:\n" +
    "  - id: q\n    text: Which of the many kinds of request is this one?\n    branches:\n";
  for (let k = 0; k < 10; k++) fan += `      "kind ${k}": a${k}\n`;
  for (let k = 0; k < 10; k++) {
    fan += `  - id: a${k}\n    text: Handle a request of kind ${k} with the matching form.\n    end: true\n`;
  }
  const files = {
    "long.sop.yaml": long,
    "many-roles.sop.yaml": many,
    "chain.sop.yaml": chain,
    "fan.sop.yaml": fan,
  };
  for (const [name, text] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), text);
  }
  return Object.keys(files).map((n) => path.join(dir, n));
}

function render(file, out, flags) {
  execFileSync(bin, ["render", file, "--to", "html", "-o", out, ...flags], { stdio: "pipe" });
}

/// What the screen shows: problems found, as strings.
async function screenProblems(page) {
  return page.evaluate(
    ({ minText, font }) => {
      const problems = [];
      const root = document.documentElement;
      if (root.scrollWidth > window.innerWidth + 1) {
        problems.push(`the page scrolls sideways: ${root.scrollWidth} px wide`);
      }
      const figure = document.querySelector("figure.flowchart");
      if (!figure) return ["no flowchart"];
      const column = figure.getBoundingClientRect();
      for (const svg of figure.querySelectorAll("svg.flowchart")) {
        const scale = svg.getBoundingClientRect().width / svg.width.baseVal.value;
        if (font * scale < minText - 0.01) {
          problems.push(`text drawn at ${(font * scale).toFixed(1)} px`);
        }
      }
      const nodes = figure.querySelectorAll("[data-node]");
      for (const node of nodes) {
        const r = node.getBoundingClientRect();
        if (r.left < column.left - 1 || r.right > column.right + 1 || r.right > window.innerWidth) {
          problems.push(`${node.dataset.node} at ${r.left.toFixed(0)}..${r.right.toFixed(0)} px, outside the column`);
        }
      }
      if (nodes.length === 0) problems.push("no shapes");
      return problems;
    },
    { minText: MIN_TEXT_PX, font: FONT_PX },
  );
}

/// Each band's height once printed on `paper`.
async function printProblems(page, paper) {
  const { width, height } = PAPERS[paper];
  await page.emulateMedia({ media: "print" });
  await page.setViewportSize({ width: Math.floor(width), height: Math.floor(height) });
  const problems = await page.evaluate((limit) => {
    const out = [];
    for (const band of document.querySelectorAll("figure.flowchart .band")) {
      const h = band.getBoundingClientRect().height;
      if (h > limit) out.push(`a band ${h.toFixed(0)} px high, taller than the page (${limit.toFixed(0)} px)`);
    }
    return out;
  }, height);
  await page.emulateMedia({ media: "screen" });
  await page.setViewportSize(SCREEN);
  return problems.map((p) => `${paper}: ${p}`);
}

/// The first line of every step's shape, as the page draws it.
async function firstLines(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('figure.flowchart [data-node^="step-"]')].map((node) => {
      const text = node.parentElement.querySelector("text");
      const first = text && text.querySelector("tspan");
      return (first ? first.textContent : "").trim();
    }),
  );
}

function squash(text) {
  return text.replace(/\s+/g, " ");
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sopkit-fit-"));
  const examples = fs
    .readdirSync(path.join(repo, "examples"))
    .filter((n) => n.includes(".sop."))
    .map((n) => path.join(repo, "examples", n));
  const sops = [...examples, ...generated(dir)];
  const variants = [
    ["down", []],
    ["right", ["--direction", "right"]],
    ["down, no lanes", ["--no-lanes"]],
  ];
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  let failures = 0;
  try {
    const page = await browser.newPage({ viewport: SCREEN });
    for (const sop of sops) {
      for (const [variant, flags] of variants) {
        const out = path.join(dir, `${path.basename(sop)}-${variant.replace(/\W+/g, "-")}.html`);
        render(sop, out, flags);
        await page.goto(`file://${out}`);
        const problems = await screenProblems(page);
        for (const paper of Object.keys(PAPERS)) {
          problems.push(...(await printProblems(page, paper)));
        }
        const pdf = out.replace(/\.html$/, ".pdf");
        await page.pdf({ path: pdf, format: "A4" });
        const text = squash(execFileSync("pdftotext", [pdf, "-"]).toString());
        for (const line of await firstLines(page)) {
          if (line && !text.includes(squash(line))) problems.push(`printed without "${line}"`);
        }
        const name = `${path.basename(sop)} (${variant})`;
        if (problems.length) {
          failures += problems.length;
          for (const p of problems) console.log(`FAIL ${name}: ${p}`);
        } else {
          console.log(`ok   ${name}`);
        }
      }
    }
  } finally {
    await browser.close();
  }
  if (failures) {
    console.log(`${failures} problems`);
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
