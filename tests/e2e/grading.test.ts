// The workbench grades in the page: the starter fails with messages, the reference solution passes
// and the exercise is ticked off (also after a reload, and on the lesson that links to it), the next
// exercise offers to start from that code, and a syntax error is a marker and a message, not a run.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suiteFor } from '../../src/engine';
import { baseURL, expandTest, freshPage, getCode, launch, openExercise, read, runTests, setCode, shown, sidebarTicked, solvedInStorage } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('grading in the page', () => {
  it('the starter shows failing tests with their rule, message, expected/observed, seed and failing run', async () => {
    const { context, page, errors } = await freshPage(browser);
    await openExercise(page, '02-request-vote');
    const total = suiteFor('02-request-vote')!.tests.length;
    const { summary, results } = await runTests(page);
    expect(results.length).toBe(total);
    const failed = results.filter((r) => r.status === 'fail');
    expect(failed.length).toBeGreaterThan(0);
    expect(summary).toBe(`${total - failed.length} of ${total} tests pass.`);
    const one = failed.find((r) => r.id === '02.4') ?? failed[0]!;
    expect(one.text).toMatch(/Rule: .*\(.*(Raft|§).*\)/);
    expect(one.text).toMatch(/Expected\s*\{ term: \d+, voteGranted: (true|false) \}/);
    expect(one.text).toMatch(/Observed\s*\{/);
    expect(one.text).toMatch(/Seed \d+/);
    expect(one.text).toContain(`npm run grade -- 02-request-vote exercises/02-request-vote/starter.ts --test ${one.id} --seed`);

    // Only the first failure is open; the others are one line until opened.
    const open = await page.$$eval('[data-wb-list] > li[data-expanded]', (lis) => lis.map((li) => (li as HTMLElement).dataset.testId));
    expect(open).toEqual([failed[0]!.id]);
    await expandTest(page, one.id);
    // "Watch this run": the event list, the violating event highlighted and scrolled into view.
    await page.click(`[data-show-run="${one.id}"]`);
    await page.waitForSelector('[data-wb-replay]:not([hidden]) .wb-event-violation');
    const replay = await page.evaluate(() => {
      const list = document.querySelector<HTMLElement>('[data-replay-events]')!;
      const v = list.querySelector<HTMLElement>('.wb-event-violation')!;
      const lr = list.getBoundingClientRect();
      const vr = v.getBoundingClientRect();
      return {
        events: list.querySelectorAll('li.wb-event').length,
        current: v.getAttribute('aria-current'),
        text: v.textContent,
        index: Number(v.dataset.event),
        inView: vr.top >= lr.top - 1 && vr.bottom <= lr.bottom + 1,
        title: document.querySelector('[data-replay-title]')!.textContent,
      };
    });
    expect(replay.events).toBeGreaterThan(2);
    expect(replay.current).toBe('true');
    expect(replay.text).toMatch(/Rule broken/);
    expect(replay.title).toContain(one.id);
    expect(replay.inView).toBe(true);
    expect(await solvedInStorage(page, '02-request-vote')).toBe(false);
    expect(await sidebarTicked(page, '02-request-vote')).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the reference solution passes every test; the tick appears, survives a reload, and the next exercise offers that code', async () => {
    const { context, page, errors } = await freshPage(browser);
    await openExercise(page, '02-request-vote');
    const solution = read('solutions/02-request-vote/solution.ts');
    const total = suiteFor('02-request-vote')!.tests.length;
    await setCode(page, solution);
    const { summary, results } = await runTests(page);
    expect(results.map((r) => r.status)).toEqual(Array(total).fill('pass'));
    expect(summary).toBe(`All ${total} tests pass. Exercise solved!`);
    await page.waitForFunction(() => document.querySelector('#course-nav [data-progress="exercise:02-request-vote"]')?.hasAttribute('data-done'));
    expect(await page.textContent('[data-solved-note]')).toMatch(/^Solved/);

    await page.reload();
    await page.waitForSelector('[data-workbench][data-editor="monaco"]');
    expect(await sidebarTicked(page, '02-request-vote')).toBe(true);
    expect(await getCode(page)).toBe(solution);

    // The lesson that links to it shows the tick too.
    await page.goto(`${baseURL()}/lessons/04-raft-election/`);
    expect(await page.evaluate(() => document.querySelector('.practise-list [data-progress="exercise:02-request-vote"]')?.hasAttribute('data-done'))).toBe(true);

    // Exercise 03 builds on 02: no saved code there yet, so it offers the learner's own code.
    await openExercise(page, '03-election');
    await page.waitForSelector('[data-wb-offer]:not([hidden])');
    expect(await getCode(page)).toBe(read('exercises/03-election/starter.ts'));
    await page.click('[data-wb-offer-own]');
    expect(await getCode(page)).toBe(solution);
    expect(await page.isVisible('[data-wb-offer]')).toBe(false);
    await page.reload();
    await page.waitForSelector('[data-workbench][data-editor="monaco"]');
    expect(await page.isVisible('[data-wb-offer]')).toBe(false);
    expect(await getCode(page)).toBe(solution);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a syntax error becomes a marker on its line and a message, and nothing runs', async () => {
    const { context, page } = await freshPage(browser);
    await openExercise(page, '02-request-vote');
    await setCode(page, read('tests/engine/tampering/syntax-error.ts'));
    const runsBefore = await page.evaluate(() => (window as any).__workbench.gradingRuns());
    const { summary, results } = await runTests(page);
    expect(summary).toMatch(/^Not run: your code does not compile\. Line 4: Expected "}" but found "voteGranted"/);
    expect(results).toHaveLength(1);
    expect(results[0]!.status).toBe('compile-error');
    expect(results[0]!.text).toContain('line 4, column');
    const markers = await page.evaluate(() => (window as any).__workbench.markers('compile'));
    expect(markers).toEqual([expect.objectContaining({ owner: 'compile', line: 4, message: expect.stringContaining('Expected "}"') })]);
    // Monaco draws it: an error squiggle in the editor.
    await page.waitForSelector('.monaco-editor .squiggly-error');
    // The line button moves the caret there.
    await page.click('[data-wb-list] .wb-line[data-line="4"]');
    expect(await page.evaluate(() => document.activeElement?.closest('.monaco-editor') !== null)).toBe(true);
    expect(await page.evaluate(() => (window as any).__workbench.gradingRuns())).toBe(runsBefore); // nothing was sent to a grading worker
    expect((await shown(page)).results.some((r) => r.status === 'pass' || r.status === 'fail')).toBe(false);

    // Fixed, the markers go away and it runs.
    await setCode(page, read('exercises/02-request-vote/starter.ts'));
    const after = await runTests(page);
    expect(after.results.length).toBe(suiteFor('02-request-vote')!.tests.length);
    expect(await page.evaluate(() => (window as any).__workbench.markers('compile'))).toEqual([]);
    await context.close();
  });

  it('a runtime error points to the learner\'s own lines, and a click goes there; console output is shown', async () => {
    const { context, page } = await freshPage(browser);
    await openExercise(page, '02-request-vote');
    const code = read('exercises/02-request-vote/starter.ts').replace(
      /(onRequestVote\(from: NodeId, args: RequestVoteArgs\): RequestVoteReply \{\n)/,
      '$1    console.log("asked for term", args.term);\n    this.explode(args.term);\n',
    ).replace(/\n\s*\/\/ Exercises 03 and 04 fill these in\./, '\n  private explode(t: number): void {\n    if (t > 0) throw new Error("boom " + t);\n  }\n$&');
    const lines: string[] = code.split('\n');
    const throwLine = lines.findIndex((l) => l.includes('throw new Error("boom')) + 1;
    const callLine = lines.findIndex((l) => l.includes('this.explode(args.term)')) + 1;
    expect(throwLine).toBeGreaterThan(callLine);
    await setCode(page, code);
    const { results } = await runTests(page);
    const threw = results.find((r) => r.status === 'fail' && /threw Error: boom/.test(r.text))!;
    expect(threw).toBeTruthy();
    expect(threw.text).toMatch(/Console output \(\d+ lines?\)/);
    const li = `[data-wb-list] > li[data-test-id="${threw.id}"]`;
    await expandTest(page, threw.id);
    expect(await page.$$eval(`${li} .wb-where .wb-line`, (bs) => bs.map((b) => Number((b as HTMLElement).dataset.line)))).toEqual([throwLine, callLine]);
    expect(await page.textContent(`${li} .wb-where`)).toMatch(/line \d+ \(Node\.explode\)/);
    await page.click(`${li} .wb-where .wb-line[data-line="${callLine}"]`);
    expect(await page.evaluate(() => (window as any).__workbench.cursor().line)).toBe(callLine);
    expect(await page.evaluate(() => !!document.activeElement?.closest('.monaco-editor'))).toBe(true);
    expect(await page.textContent(`${li} .wb-logs pre`)).toContain('asked for term');
    await context.close();
  });

  it('type errors are shown but never block a run', async () => {
    const { context, page } = await freshPage(browser);
    await openExercise(page, '01-quorum');
    await setCode(page, read('solutions/01-quorum/solution.ts') + '\nconst wrong: number = "not a number";\n');
    await page.waitForFunction(() => /type error/.test(document.querySelector('[data-wb-types]')?.textContent ?? ''), null, { timeout: 30_000 });
    const { summary } = await runTests(page);
    expect(summary).toMatch(/^All \d+ tests pass/);
    await context.close();
  });
});
