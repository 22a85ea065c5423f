// Shared helpers of the end-to-end tests: Chromium (Debian's, headless), the preview server's URL
// (tests/e2e/global-setup.ts), and the workbench as a learner uses it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { inject } from 'vitest';
import { launchChromium } from '../support/site';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
export const baseURL = () => inject('baseURL');

export { CHROMIUM_ARGS } from '../support/site';

export function launch(): Promise<Browser> {
  return launchChromium();
}

/** A fresh context (a cleared browser: its own localStorage), with uncaught page errors collected. */
export async function freshPage(browser: Browser): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

export const exerciseURL = (id: string) => `${baseURL()}/exercises/${id}/`;

/** Opens an exercise page and waits until Monaco has replaced the plain text box. */
export async function openExercise(page: Page, id: string): Promise<void> {
  await page.goto(exerciseURL(id));
  await page.waitForSelector('[data-workbench][data-editor="monaco"]', { timeout: 30_000 });
}

export async function getCode(page: Page): Promise<string> {
  return page.evaluate(() => (window as any).__workbench.getCode());
}

export async function setCode(page: Page, code: string): Promise<void> {
  await page.evaluate((c) => (window as any).__workbench.setCode(c), code);
}

export interface ShownResult {
  id: string;
  status: string;
  text: string;
}

/** Clicks "Run tests" and waits for the verdict (all results in, or a compile error). */
export async function runTests(page: Page, timeout = 60_000): Promise<{ summary: string; results: ShownResult[]; banner: string }> {
  await page.click('[data-wb-run]');
  await page.waitForSelector('[data-wb-results][data-state="done"], [data-wb-results][data-state="compile-error"]', { timeout });
  return shown(page);
}

export async function shown(page: Page): Promise<{ summary: string; results: ShownResult[]; banner: string }> {
  return page.evaluate(() => ({
    summary: document.querySelector('[data-wb-summary]')!.textContent!.trim(),
    /** The one banner a shared reason gets (a load error, a missing export, a timeout), or ''. */
    banner: document.querySelector<HTMLElement>('[data-wb-banner]:not([hidden])')?.textContent?.trim() ?? '',
    results: [...document.querySelectorAll<HTMLElement>('[data-wb-list] > li')].map((li) => ({
      id: li.dataset.testId ?? '',
      status: li.dataset.status ?? '',
      text: li.textContent ?? '',
    })),
  }));
}

/** The sidebar tick of an exercise (ticks.ts sets data-done from localStorage). */
export async function sidebarTicked(page: Page, id: string): Promise<boolean> {
  return page.evaluate((x) => document.querySelector(`#course-nav [data-progress="exercise:${x}"]`)?.hasAttribute('data-done') ?? false, id);
}

export async function solvedInStorage(page: Page, id: string): Promise<boolean> {
  return page.evaluate((x) => localStorage.getItem(`course:v1:solved:${x}`) !== null, id);
}

/** Opens a failed test's details (the first failure is open already; the others are one line each). */
export async function expandTest(page: Page, id: string): Promise<void> {
  const toggle = page.locator(`[data-wb-list] > li[data-test-id="${id}"] .wb-toggle`);
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
}
