// Browser benchmark of the exercise workbench, against the built site (dist/) served by
// `astro preview` and driven in headless Chromium: time to editor ready, click-to-verdict of a first
// run (page idle for 3 s before) and of a second one, and the gzip size of the JavaScript that a
// lesson page and an exercise page load. Prints each figure with its target; asserts nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, serveBuiltSite } from '../tests/support/site';

const ROOT = process.cwd();
const REPEAT = 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

if (!existsSync(`${ROOT}/dist/index.html`)) {
  console.log('Browser: dist/ has no built site; building it first (npm run build)…');
  const r = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', cwd: ROOT });
  if (r.status !== 0) throw new Error('npm run build failed');
}

const server = await serveBuiltSite(ROOT);
const base = server.baseURL;

let browser: Browser | undefined;
try {
  browser = await launchChromium();

  /** A fresh context: empty HTTP cache and storage, like a first visit. */
  async function freshPage(): Promise<Page> {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    return context.newPage();
  }

  /** Navigation start to Monaco mounted (the page's own performance mark). */
  async function editorReady(page: Page, exercise: string): Promise<number> {
    await page.goto(`${base}/exercises/${exercise}/`);
    await page.waitForSelector('[data-workbench][data-editor="monaco"]', { timeout: 60_000 });
    return page.evaluate(() => performance.getEntriesByName('workbench:editor-ready')[0]!.startTime);
  }

  /** Click on "Run tests" to the last result shown, measured in the page. */
  function clickToVerdict(page: Page): Promise<{ ms: number; summary: string }> {
    return page.evaluate(
      () =>
        new Promise<{ ms: number; summary: string }>((resolve) => {
          const results = document.querySelector<HTMLElement>('[data-wb-results]')!;
          results.removeAttribute('data-state');
          const t0 = performance.now();
          const obs = new MutationObserver(() => {
            const state = results.dataset.state;
            if (state === 'done' || state === 'compile-error') {
              obs.disconnect();
              resolve({ ms: performance.now() - t0, summary: document.querySelector('[data-wb-summary]')!.textContent!.trim() });
            }
          });
          obs.observe(results, { attributes: true, attributeFilter: ['data-state'] });
          document.querySelector<HTMLButtonElement>('[data-wb-run]')!.click();
        }),
    );
  }

  const row = (label: string, value: string, target: string, ok: boolean | null) =>
    console.log(`${label.padEnd(58)} ${value.padStart(10)}   target ${target.padEnd(10)} ${ok === null ? '' : ok ? 'ok' : 'MISSED'}`);

  console.log(`\nBrowser: the built site in headless Chromium (${base}), median of ${REPEAT} fresh visits\n`);

  // 1. Editor ready, and runs.
  const cases: { exercise: string; label: string; code?: string }[] = [
    { exercise: '02-request-vote', label: '02-request-vote, starter' },
    { exercise: '05-faults', label: '05-faults, reference solution', code: readFileSync(`${ROOT}/solutions/05-faults/solution.ts`, 'utf8') },
  ];
  for (const c of cases) {
    const ready: number[] = [];
    const first: number[] = [];
    const second: number[] = [];
    const immediate: number[] = [];
    let summary = '';
    for (let i = 0; i < REPEAT; i++) {
      const page = await freshPage();
      ready.push(await editorReady(page, c.exercise));
      if (c.code) await page.evaluate((code) => (window as any).__workbench.setCode(code), c.code);
      await page.waitForTimeout(3000); // the page is idle: esbuild initializes, the spare worker warms up
      const a = await clickToVerdict(page);
      first.push(a.ms);
      summary = a.summary;
      await page.waitForTimeout(1000); // a learner reads the results, edits, runs again
      second.push((await clickToVerdict(page)).ms);
      immediate.push((await clickToVerdict(page)).ms); // at once, before a new spare worker is ready
      await page.context().close();
    }
    console.log(`${c.label}: ${summary}`);
    row('  time to editor ready (navigation start to Monaco mounted)', `${median(ready).toFixed(0)} ms`, '<= 2500 ms', median(ready) <= 2500);
    row('  first run after 3 s idle: click to verdict', `${median(first).toFixed(0)} ms`, '<= 1500 ms', median(first) <= 1500);
    row('  second run, 1 s after the first: click to verdict', `${median(second).toFixed(0)} ms`, '<= 500 ms', median(second) <= 500);
    row('  third run, right after the second: click to verdict', `${median(immediate).toFixed(0)} ms`, '(info)', null);
  }

  // 2. JavaScript bytes (gzip -9 of each fetched body, the preview server sends them uncompressed).
  async function jsBytes(path: string, settle: (page: Page) => Promise<void>): Promise<{ js: number; files: number; wasm: number }> {
    const page = await freshPage();
    const bodies = new Map<string, Promise<Buffer>>();
    // The page and its workers; not the service worker's background precaching of other pages' files.
    page.context().on('response', (r) => {
      const url = r.url();
      if (r.request().serviceWorker()) return;
      if (/\.(m?js|wasm)(\?|$)/.test(new URL(url).pathname) && !bodies.has(url)) bodies.set(url, r.body().catch(() => Buffer.alloc(0)));
    });
    await page.goto(`${base}${path}`, { waitUntil: 'networkidle' });
    await settle(page);
    let js = 0;
    let wasm = 0;
    let files = 0;
    for (const [url, body] of bodies) {
      const gz = gzipSync(await body, { level: 9 }).length;
      if (/\.wasm(\?|$)/.test(url)) wasm += gz;
      else {
        js += gz;
        files++;
      }
    }
    await page.context().close();
    return { js, files, wasm };
  }
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log('\nJavaScript loaded (gzip):');
  for (const lesson of ['01-why-one-leader', '04-raft-election']) {
    const l = await jsBytes(`/lessons/${lesson}/`, (p) => p.waitForTimeout(3000));
    row(`  lesson page ${lesson} (${l.files} files, after 3 s idle)`, kb(l.js), '<= 30 KB', l.js <= 30 * 1024);
  }
  const e = await jsBytes('/exercises/02-request-vote/', async (p) => {
    await p.waitForSelector('[data-workbench][data-editor="monaco"]');
    await p.waitForTimeout(3000);
    await p.waitForLoadState('networkidle');
  });
  row(`  exercise page 02-request-vote (${e.files} files incl. workers)`, kb(e.js), '(info)', null);
  row('  exercise page: esbuild.wasm', kb(e.wasm), '(info)', null);
} finally {
  await browser?.close();
  await server.stop();
}
