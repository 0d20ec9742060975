// Opens a BPMN file in bpmn-js's viewer in headless Chromium and saves a PNG of it,
// the way bpmn.io shows it. Usage: node screenshot-bpmn.mjs IN.bpmn OUT.png [SCALE]
// NODE_PATH-style lookup: the packages live in $BPMN_VIEW (see screenshot-bpmn.sh).
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [input, output, scaleArg] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node screenshot-bpmn.mjs IN.bpmn OUT.png [SCALE]');
  process.exit(2);
}
const scale = Number(scaleArg || 1.5);
const here = dirname(fileURLToPath(import.meta.url));
const modules = process.env.BPMN_VIEW + '/node_modules/';
const require = createRequire(modules);
const { chromium } = require('playwright-core');
const bpmnJs = dirname(require.resolve('bpmn-js/package.json'));

// Everything inline: the page loads nothing from anywhere.
const page = readFileSync(join(here, 'screenshot-bpmn.html'), 'utf8')
  .replace('/*DIAGRAM_JS_CSS*/', () => readFileSync(join(bpmnJs, 'dist/assets/diagram-js.css'), 'utf8'))
  .replace('/*BPMN_JS_CSS*/', () => readFileSync(join(bpmnJs, 'dist/assets/bpmn-js.css'), 'utf8'))
  .replace('/*BPMN_VIEWER_JS*/', () => readFileSync(join(bpmnJs, 'dist/bpmn-viewer.production.min.js'), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'bpmn-shot-'));
const html = join(dir, 'page.html');
writeFileSync(html, page);
const xml = readFileSync(input, 'utf8');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
let code = 0;
try {
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 }, deviceScaleFactor: scale });
  const tab = await context.newPage();
  // No request may leave the machine: only the page itself is served.
  await tab.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
  await tab.goto(pathToFileURL(html).href);
  // First at any size, to learn the diagram's size; then at that size plus a margin.
  await tab.evaluate((x) => window.show(x), xml);
  const first = await tab.evaluate(() => window.shown || { failed: window.failed });
  if (first.failed) throw new Error(first.failed);
  if (first.warnings.length) throw new Error('bpmn-js: ' + first.warnings.join('; '));
  await tab.setViewportSize({ width: Math.ceil(first.width) + 40, height: Math.ceil(first.height) + 40 });
  await tab.evaluate(() => { document.querySelector('#canvas').innerHTML = ''; window.shown = undefined; });
  await tab.evaluate((x) => window.show(x), xml);
  await tab.screenshot({ path: output });
  console.log(output);
} catch (e) {
  console.error('screenshot-bpmn: ' + e.message);
  code = 1;
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(code);
