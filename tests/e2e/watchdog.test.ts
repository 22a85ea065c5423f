// An infinite loop in the learner's code: the test that hangs is stopped at the stated limit by the
// worker's loop guards, with a message naming the handler and the line; the page stays responsive
// meanwhile; the suite stops there (the tests after it are reported as not run, never as passed).
// What the guards cannot interrupt (a regular expression that backtracks for ever) is ended by the
// page's backstop watchdog, with the same outcome.
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
  it('stops a test that loops forever within the stated limit, names the handler and line, keeps the page responsive, and stops the suite', async () => {
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
    // The click is timed in the page: the worker arms its deadline after it, so no stop can come sooner.
    await page.evaluate(() => {
      (window as any).__clicked = performance.now();
      document.querySelector<HTMLButtonElement>('[data-wb-run]')!.click();
    });

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
    expect(item).toContain(`Test ${hanging} did not finish within ${seconds} s of real time and was stopped: onRequestVote on n1 at t=`);
    const line = LOOPING.split('\n').findIndex((l) => l.includes('while (true) {}')) + 1;
    expect(item).toContain(`was still running the while loop at line ${line}.`);
    expect(item).toContain('loops forever');
    const times = await page.evaluate((id) => (window as any).__times[id], hanging!);
    const clicked = await page.evaluate(() => (window as any).__clicked as number);
    // Not stopped early: the limit is measured in the worker from the test's start, which is after the
    // click (the page may see the start message late when it is busy rendering earlier results).
    expect(times.fail - clicked).toBeGreaterThan(seconds * 1000);
    expect(times.fail - times.running).toBeLessThan(seconds * 1000 + 2000);

    // The suite stopped there: the tests after the hanging one were not run, and none is shown passed.
    const tests = suiteFor('02-request-vote')!.tests.map((t) => t.id);
    const statuses = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('[data-wb-list] > li[data-test-id]')].map((li) => [li.dataset.testId, li.dataset.status, li.textContent ?? '']));
    expect(statuses.map(([id]) => id)).toEqual(tests);
    const after = statuses.slice(tests.indexOf(hanging!) + 1);
    expect(after.length).toBeGreaterThan(0);
    for (const [, status, text] of after) {
      expect(status).not.toBe('pass');
      expect(text).toMatch(/Not run/);
    }
    expect(await page.textContent('[data-wb-summary]')).not.toMatch(/All .* pass/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a regular expression that backtracks for ever is ended by the page\'s backstop, and the suite stops', async () => {
    const BACKTRACK = read('exercises/02-request-vote/starter.ts').replace(
      /onRequestVote\(from: NodeId, args: RequestVoteArgs\): RequestVoteReply \{/,
      "$&\n    if (/^(a+)+$/.test('a'.repeat(64) + 'b')) this.votedFor = null;",
    );
    const { context, page, errors } = await freshPage(browser);
    await openExercise(page, '02-request-vote');
    await setCode(page, BACKTRACK);
    const started = Date.now();
    await page.click('[data-wb-run]');
    await page.waitForSelector('[data-wb-results][data-state="done"]', { timeout: 60_000 });
    expect(Date.now() - started).toBeLessThan(15_000);
    const first = await page.textContent('[data-wb-list] > li[data-test-id="02.1"]');
    expect(first).toContain('the page had to end the grading worker');
    const statuses = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('[data-wb-list] > li[data-test-id]')].map((li) => li.dataset.status));
    expect(statuses).not.toContain('pass');
    expect(await page.evaluate(() => 6 * 7)).toBe(42);
    expect(errors).toEqual([]);
    await context.close();
  });
});
