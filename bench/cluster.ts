// Cluster-view benchmark, in headless Chromium against the built site (dist/, served by
// `astro preview`): frames per second while the playground plays a 7-node cluster with faults, and
// the time to scrub a 10,000-event trace (100 random scrubber positions, each rendered and laid out).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, serveBuiltSite } from '../tests/support/site';

const ROOT = process.cwd();
const FPS_TARGET = 50;
const SCRUB_TARGET_MS = 16;

if (!existsSync(join(ROOT, 'dist', 'playground', 'index.html'))) throw new Error('bench cluster: dist/ has no playground: run `npm run build` first.');

const server = await serveBuiltSite(ROOT);
const base = server.baseURL;
const stop = () => server.stop();

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return { median: q(0.5), p95: q(0.95), max: s[s.length - 1]!, mean: xs.reduce((a, b) => a + b, 0) / xs.length };
}

async function waitReady(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('[data-playground][data-ready] .cv', { timeout: 30_000 });
}

/** Plays for `ms` and counts animation frames, how many took longer than 20 ms, and the messages drawn. */
async function fps(page: Page, speed: string, ms = 3000) {
  await page.selectOption('.cv-speed', speed);
  await page.click('.cv-play');
  await page.waitForTimeout(300);
  const r = await page.evaluate(
    (ms) =>
      new Promise<{ frames: number; long: number; worst: number; elapsed: number; maxShown: number; from: string; to: string }>((resolve) => {
        let frames = 0;
        let long = 0;
        let worst = 0;
        let maxShown = 0;
        const clock = () => document.querySelector('.cv-time')?.textContent?.split(' · ')[0] ?? '';
        const from = clock();
        const start = performance.now();
        let last = start;
        const tick = (now: number) => {
          frames++;
          const dt = now - last;
          if (dt > 20) long++;
          worst = Math.max(worst, dt);
          last = now;
          if (frames % 10 === 0) maxShown = Math.max(maxShown, document.querySelectorAll('.cv-msg:not([style*="none"])').length);
          if (now - start < ms) requestAnimationFrame(tick);
          else resolve({ frames, long, worst, elapsed: now - start, maxShown, from, to: clock() });
        };
        requestAnimationFrame(tick);
      }),
    ms,
  );
  await page.click('.cv-play');
  return { ...r, fps: (r.frames * 1000) / r.elapsed };
}

/** Sets the scrubber to `n` random positions; each: the input handler (render) plus a forced style and layout. */
async function scrub(page: Page, n = 100) {
  return page.evaluate((n) => {
    const input = document.querySelector<HTMLInputElement>('[data-scrubber]')!;
    const root = document.querySelector<HTMLElement>('.cv')!;
    const max = Number(input.max);
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const js: number[] = [];
    const total: number[] = [];
    for (let i = 0; i < n; i++) {
      const pos = Math.floor(rand() * max);
      const t0 = performance.now();
      input.value = String(pos);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      const t1 = performance.now();
      void root.getBoundingClientRect();
      void root.offsetHeight;
      const t2 = performance.now();
      js.push(t1 - t0);
      total.push(t2 - t0);
    }
    return { events: max + 1, js, total };
  }, n);
}

const browser = await launchChromium();
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();

  console.log('Cluster view, headless Chromium against the built site (software rendering, --disable-gpu)\n');
  // A 7-node cluster with faults: 10% message loss, a crash, a partition, a frozen node, a heal, a restart.
  const faults = '?seed=7&n=7&d=0.1&a=300:crash:n3,900:part:n1n2n4|n5n6n7,1500:pause:n5,2200:heal,2600:resume:n5,2800:restart:n3';
  await waitReady(page, `${base}/playground/${faults}`);
  // Into the thick of it first: the crash, the partition and the frozen node are behind us at 1 s.
  await page.evaluate(() => {
    const input = document.querySelector<HTMLInputElement>('[data-scrubber]')!;
    const max = Number(input.max);
    for (let i = 0; i <= max; i += 25) {
      input.value = String(i);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      if (parseFloat(document.querySelector('.cv-time')!.textContent!) >= 1000) break;
    }
  });
  for (const speed of ['0.05', '1']) {
    const r = await fps(page, speed);
    console.log(
      `playing 7 nodes with faults at ${speed}x (virtual ${r.from} to ${r.to}): ${r.fps.toFixed(1)} fps over ${(r.elapsed / 1000).toFixed(1)} s (${r.frames} frames, ${r.long} longer than 20 ms, worst ${r.worst.toFixed(1)} ms; up to ${r.maxShown} messages on screen)  target >= ${FPS_TARGET} fps  ${r.fps >= FPS_TARGET ? 'OK' : 'MISSED'}`,
    );
  }

  // A trace of 10,000+ events: the same cluster run to 15.5 s of virtual time.
  await waitReady(page, `${base}/playground/${faults},15000:heal`);
  for (const tab of ['Cluster', 'Space-time']) {
    if (tab === 'Space-time') await page.click('[role="tab"]:has-text("Space-time")');
    const r = await scrub(page);
    const js = stats(r.js);
    const total = stats(r.total);
    console.log(
      `scrubbing ${r.events.toLocaleString('en')} events, ${tab} tab, 100 random positions: render ${js.median.toFixed(2)} ms median, ${js.p95.toFixed(2)} p95, ${js.max.toFixed(2)} max; with style and layout ${total.median.toFixed(2)} ms median, ${total.p95.toFixed(2)} p95, ${total.max.toFixed(2)} max  target < ${SCRUB_TARGET_MS} ms  ${total.p95 < SCRUB_TARGET_MS ? 'OK' : 'MISSED'}`,
    );
  }
  await context.close();
} finally {
  await browser.close();
  await stop();
}
