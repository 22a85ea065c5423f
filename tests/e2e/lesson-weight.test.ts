// Lesson pages load neither Monaco nor esbuild-wasm, even once idle, with the Progress panel opened
// and counting what the service worker precaches on a first visit; an exercise page does load both
// (so the check can tell the difference).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseURL, freshPage, launch } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const HEAVY = /monaco|esbuild|\.wasm(\?|$)|editor\.worker|ts\.worker|tsMode|\/editor\.[\w-]+\.js|\/compiler\.[\w-]+\.js/i;

/** Every request of the page's context: the page, its workers, and the service worker's precaching. */
function recordRequests(page: Page, scripts: string[] = []): string[] {
  const urls: string[] = [];
  const context = page.context();
  context.on('request', (r) => urls.push(r.url()));
  page.on('worker', (w) => urls.push(`worker:${w.url()}`));
  context.on('response', async (r) => {
    if (/\.m?js(\?|$)/.test(r.url())) scripts.push(await r.text().catch(() => ''));
  });
  return urls;
}

describe('lesson pages stay light', () => {
  it.each(['01-why-one-leader', '04-raft-election'])('lesson %s requests no Monaco, no esbuild, no wasm', async (lesson) => {
    const { context, page } = await freshPage(browser);
    const scripts: string[] = [];
    const urls = recordRequests(page, scripts);
    await page.goto(`${baseURL()}/lessons/${lesson}/`, { waitUntil: 'networkidle' });
    await page.waitForTimeout(2500); // past any idle-time loading, and the service worker's precaching
    await page.waitForLoadState('networkidle');
    await page.click('[data-progress-open]');
    await page.waitForSelector('dialog[data-progress-panel][open]');
    await page.waitForLoadState('networkidle');
    expect(urls.filter((u) => u.includes('/_astro/')).length).toBeGreaterThan(0);
    expect(urls.filter((u) => HEAVY.test(u))).toEqual([]);
    // Nor is either bundled into the scripts it does load.
    expect(scripts.length).toBeGreaterThan(0);
    for (const body of scripts) expect(body).not.toMatch(/monaco|esbuild/i);
    await context.close();
  });

  it('an exercise page, by contrast, loads the editor, the compiler and the grading worker', async () => {
    const { context, page } = await freshPage(browser);
    const urls = recordRequests(page);
    await page.goto(`${baseURL()}/exercises/01-quorum/`);
    await page.waitForSelector('[data-workbench][data-editor="monaco"]');
    for (let i = 0; i < 150 && !(urls.some((u) => /\.wasm$/.test(u)) && urls.some((u) => /grade-worker/.test(u))); i++) await page.waitForTimeout(100);
    expect(urls.some((u) => /\.wasm$/.test(u))).toBe(true);
    expect(urls.some((u) => /editor\.[\w-]+\.js$/.test(u) || /monaco/i.test(u))).toBe(true);
    expect(urls.some((u) => /grade-worker/.test(u))).toBe(true);
    await context.close();
  });
});
