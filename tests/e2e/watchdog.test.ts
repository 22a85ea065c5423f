// An infinite loop in the learner's code: the test that hangs is stopped at the stated limit with a
// message saying so, the page stays responsive meanwhile, and the following tests still run.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suiteFor } from '../../src/engine';
import { freshPage, launch, openExercise, read, setCode } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

// Loops forever on one request only: a candidate in term 6 whose log ends in term 2.
const LOOPING = read('exercises/02-request-vote/starter.ts').replace(
  /onRequestVote\(from: NodeId, args: RequestVoteArgs\): RequestVoteReply \{/,
  '$&\n    if (args.term === 6 && args.lastLogTerm === 2) while (true) {}',
);

describe('the watchdog', () => {
  it('stops a test that loops forever within the stated limit, keeps the page responsive, and grades the rest', async () => {
    expect(LOOPING).toContain('while (true) {}');
    const { context, page, errors } = await freshPage(browser);
    await openExercise(page, '02-request-vote');
    const limitText = await page.textContent('[data-wb-progress]');
    const seconds = Number(/stopped after (\d+(?:\.\d+)?) s/.exec(limitText ?? '')?.[1]);
    expect(seconds).toBeGreaterThan(0);
    await setCode(page, LOOPING);

    // Record, in the page, when each test item starts running and when it gets its verdict.
    await page.evaluate(() => {
      const w = window as any;
      w.__times = {};
      new MutationObserver((records) => {
        for (const r of records) {
          const li = r.target as HTMLElement;
          const id = li.dataset.testId;
          if (r.attributeName !== 'data-status' || !id) continue;
          (w.__times[id] ??= {})[li.dataset.status!] = performance.now();
        }
      }).observe(document.querySelector('[data-wb-list]')!, { subtree: true, attributes: true, attributeFilter: ['data-status'] });
    });
    await page.click('[data-wb-run]');

    // While a test hangs in the worker, the page answers and its buttons work.
    await page.waitForFunction(() => {
      const t = (window as any).__times;
      return Object.values(t).some((x: any) => x.running && !x.fail && !x.pass);
    });
    await page.waitForTimeout(1000);
    const hanging = await page.evaluate(() => Object.entries((window as any).__times).find(([, x]: any) => x.running && !x.fail && !x.pass)?.[0]);
    expect(hanging).toBeTruthy();
    const t0 = Date.now();
    const answer = await page.evaluate(() => 6 * 7);
    expect(answer).toBe(42);
    await page.click('details[data-hint="0"] > summary');
    expect(await page.evaluate(() => (document.querySelector('details[data-hint="0"]') as HTMLDetailsElement).open)).toBe(true);
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(await page.getAttribute(`[data-wb-list] > li[data-test-id="${hanging}"]`, 'data-status')).toBe('running');

    await page.waitForSelector('[data-wb-results][data-state="done"]', { timeout: 60_000 });
    const item = await page.textContent(`[data-wb-list] > li[data-test-id="${hanging}"]`);
    expect(item).toContain(`Test ${hanging} did not finish within ${seconds} s of real time and was stopped: your code probably loops forever`);
    const times = await page.evaluate((id) => (window as any).__times[id], hanging!);
    const took = times.fail - times.running;
    expect(took).toBeGreaterThan(seconds * 1000 - 250);
    expect(took).toBeLessThan(seconds * 1000 + 2000);

    // The tests after the hanging one were graded in a fresh worker.
    const tests = suiteFor('02-request-vote')!.tests.map((t) => t.id);
    const statuses = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('[data-wb-list] > li')].map((li) => [li.dataset.testId, li.dataset.status]));
    expect(statuses.map(([id]) => id)).toEqual(tests);
    for (const [, status] of statuses) expect(['pass', 'fail']).toContain(status);
    const after = statuses.slice(tests.indexOf(hanging!) + 1);
    expect(after.length).toBeGreaterThan(0);
    expect(after.some(([, s]) => s === 'pass')).toBe(true);
    expect(await page.textContent('[data-wb-summary]')).toMatch(/^\d+ of \d+ tests pass\.$/);
    expect(errors).toEqual([]);
    await context.close();
  });
});
