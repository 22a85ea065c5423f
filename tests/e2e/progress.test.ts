// Progress is never lost: typed code autosaves within a second and survives reloads, "Reset to
// starter" asks and can be undone, hints open one at a time, the reference solution opens read-only
// after a confirmation, and an export imports back into a cleared browser (after showing what changes).
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseURL, freshPage, getCode, launch, openExercise, read, runTests, setCode, sidebarTicked } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const stored = (page: Page, id: string) => page.evaluate((x) => localStorage.getItem(`course:v1:code:${x}`), id);

/** Answers the next confirm() dialog. */
function answerConfirm(page: Page, accept: boolean): Promise<string> {
  return new Promise((resolve) => {
    page.once('dialog', async (d) => {
      const message = d.message();
      await (accept ? d.accept() : d.dismiss());
      resolve(message);
    });
  });
}

describe('code is never lost', () => {
  it('typed code is saved within a second and is still there after a reload', async () => {
    const { context, page, errors } = await freshPage(browser);
    await openExercise(page, '04-heartbeats');
    await page.click('.wb-code-editor .view-lines');
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\n// typed by the e2e test 4711');
    const typedAt = Date.now();
    await page.waitForFunction(() => localStorage.getItem('course:v1:code:04-heartbeats')?.includes('4711'), null, { timeout: 1000, polling: 50 });
    expect(Date.now() - typedAt).toBeLessThan(1000);
    expect(await page.textContent('[data-wb-save]')).toBe('Saved in this browser.');

    await page.reload();
    await page.waitForSelector('[data-workbench][data-editor="monaco"]');
    expect(await getCode(page)).toContain('// typed by the e2e test 4711');
    expect(await page.textContent('[data-wb-save]')).toContain('restored');

    // Leaving the page right after typing (before the debounce) still saves: pagehide flushes.
    await page.click('.wb-code-editor .view-lines');
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\n// and this line, just before leaving');
    await page.goto(`${baseURL()}/`);
    await openExercise(page, '04-heartbeats');
    const code = await getCode(page);
    expect(code).toContain('4711');
    expect(code).toContain('// and this line, just before leaving');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('"Reset to starter" asks first and can be undone', async () => {
    const { context, page } = await freshPage(browser);
    await openExercise(page, '03-election');
    const starter = read('exercises/03-election/starter.ts');
    const mine = `${starter}\n// my own work\n`;
    await setCode(page, mine);

    const dismissed = answerConfirm(page, false);
    await page.click('[data-wb-reset]');
    expect(await dismissed).toMatch(/starter/);
    expect(await getCode(page)).toBe(mine);

    const accepted = answerConfirm(page, true);
    await page.click('[data-wb-reset]');
    await accepted;
    expect(await getCode(page)).toBe(starter);
    expect(await stored(page, '03-election')).toBe(starter);
    await page.waitForSelector('[data-wb-undo-bar]:not([hidden])');
    await page.click('[data-wb-undo]');
    expect(await getCode(page)).toBe(mine);
    expect(await stored(page, '03-election')).toBe(mine);
    expect(await page.isVisible('[data-wb-undo-bar]')).toBe(false);
    await context.close();
  });
});

describe('hints and the reference solution', () => {
  it('opens hints one at a time, and shows the solution read-only only after a confirmation', async () => {
    const { context, page } = await freshPage(browser);
    await openExercise(page, '02-request-vote');
    const visible = () => page.evaluate(() => [...document.querySelectorAll<HTMLElement>('details[data-hint]')].map((d) => !d.hidden));
    const before = await visible();
    expect(before.length).toBeGreaterThanOrEqual(2);
    expect(before).toEqual([true, ...Array(before.length - 1).fill(false)]);
    await page.click('details[data-hint="0"] > summary');
    // <details> fires 'toggle' in a task after the click.
    await page.waitForFunction(() => !(document.querySelector('details[data-hint="1"]') as HTMLElement).hidden);
    expect(await visible()).toEqual([true, true, ...Array(before.length - 2).fill(false)]);

    const mine = await getCode(page);
    const no = answerConfirm(page, false);
    await page.click('[data-wb-reveal]');
    expect(await no).toMatch(/reference solution/);
    expect(await page.isVisible('[data-wb-solution]')).toBe(false);

    const yes = answerConfirm(page, true);
    await page.click('[data-wb-reveal]');
    await yes;
    await page.waitForSelector('[data-wb-solution]:not([hidden]) .wb-solution-editor .view-lines');
    const solution = read('solutions/02-request-vote/solution.ts');
    const firstLine = solution.split('\n')[0]!;
    await page.waitForFunction((line) => document.querySelector('.wb-solution-editor .view-lines')!.textContent!.replace(/\u00a0/g, ' ').includes(line), firstLine);
    expect(await getCode(page)).toBe(mine); // nothing overwritten
    expect(await page.getAttribute('[data-wb-reveal]', 'aria-expanded')).toBe('true');

    // Copying it in asks too, and can be undone.
    const copy = answerConfirm(page, true);
    await page.click('[data-wb-copy-solution]');
    await copy;
    expect(await getCode(page)).toBe(solution);
    await page.click('[data-wb-undo]');
    expect(await getCode(page)).toBe(mine);
    await context.close();
  });
});

describe('export and import', () => {
  it('exports all progress to a file that restores it in a cleared browser, after showing what changes', async () => {
    // Browser A: solve exercise 01 for real, write some code for 02, and pass a quiz.
    const a = await freshPage(browser);
    await openExercise(a.page, '01-quorum');
    await setCode(a.page, read('solutions/01-quorum/solution.ts'));
    expect((await runTests(a.page)).summary).toMatch(/^All \d+ tests pass/);
    await openExercise(a.page, '02-request-vote');
    const code02 = `${read('exercises/02-request-vote/starter.ts')}\n// exported work\n`;
    await setCode(a.page, code02);
    await a.page.evaluate(() =>
      localStorage.setItem(
        'course:v1:quiz:02-quorum-math',
        JSON.stringify({ answers: { q1: { value: '1', correct: true, everCorrect: true } }, correct: 1, total: 1, passed: true, updatedAt: '2026-01-01T00:00:00.000Z' }),
      ),
    );
    await a.page.click('[data-progress-open]');
    await a.page.waitForSelector('dialog[data-progress-panel][open]');
    const [download] = await Promise.all([a.page.waitForEvent('download'), a.page.click('[data-pp-export]')]);
    expect(download.suggestedFilename()).toMatch(/^consensus-course-progress-\d{4}-\d{2}-\d{2}\.json$/);
    const file = readFileSync((await download.path())!, 'utf8');
    const json = JSON.parse(file);
    expect(json.format).toBe('consensus-course-progress');
    expect(Object.keys(json.solved)).toEqual(['01-quorum']);
    expect(json.code['02-request-vote']).toBe(code02);
    expect(json.quiz['02-quorum-math'].passed).toBe(true);
    await a.context.close();

    // Browser B: cleared. Malformed and foreign files are refused with a clear error, and write nothing.
    const b = await freshPage(browser);
    await b.page.goto(`${baseURL()}/`);
    const keys = () => b.page.evaluate(() => Object.keys(localStorage).filter((k) => /^course:v1:(quiz|solved|code):/.test(k)).sort());
    const importFile = async (name: string, content: string) => {
      if (!(await b.page.isVisible('dialog[data-progress-panel][open]'))) await b.page.click('[data-progress-open]');
      await b.page.setInputFiles('[data-pp-file]', { name, mimeType: 'application/json', buffer: Buffer.from(content) });
    };
    await importFile('broken.json', '{ "format": "consensus-course-progress", ');
    await b.page.waitForFunction(() => /not valid JSON/.test(document.querySelector('[data-pp-status]')!.textContent!));
    await importFile('other.json', JSON.stringify({ theme: 'dark', settings: [1, 2] }));
    await b.page.waitForFunction(() => /not a progress file of this course/.test(document.querySelector('[data-pp-status]')!.textContent!));
    await importFile('damaged.json', JSON.stringify({ ...json, code: { '02-request-vote': 42 } }));
    await b.page.waitForFunction(() => /damaged/.test(document.querySelector('[data-pp-status]')!.textContent!));
    expect(await keys()).toEqual([]);

    // Code already in B is not overwritten silently: the review says "Replace", and Cancel keeps it.
    await b.page.evaluate(() => localStorage.setItem('course:v1:code:02-request-vote', '// B had this'));
    await importFile(download.suggestedFilename(), file);
    await b.page.waitForSelector('[data-pp-review]:not([hidden])');
    const review = await b.page.textContent('[data-pp-review]');
    expect(review).toMatch(/Add: Exercise 01-quorum: solved/);
    expect(review).toMatch(/Add: Quiz of lesson 02-quorum-math: passed/);
    expect(review).toMatch(/Replace: Your code for exercise 02-request-vote/);
    await b.page.click('[data-pp-cancel]');
    expect(await b.page.evaluate(() => localStorage.getItem('course:v1:code:02-request-vote'))).toBe('// B had this');
    expect(await keys()).toEqual(['course:v1:code:02-request-vote']);

    await importFile(download.suggestedFilename(), file);
    await b.page.waitForSelector('[data-pp-review]:not([hidden])');
    await b.page.click('[data-pp-apply]');
    await b.page.waitForFunction(() => /^Imported/.test(document.querySelector('[data-pp-status]')!.textContent!));
    expect(await keys()).toEqual(['course:v1:code:01-quorum', 'course:v1:code:02-request-vote', 'course:v1:quiz:02-quorum-math', 'course:v1:solved:01-quorum']);

    await openExercise(b.page, '02-request-vote');
    expect(await getCode(b.page)).toBe(code02);
    expect(await sidebarTicked(b.page, '01-quorum')).toBe(true);
    expect(await b.page.evaluate(() => document.querySelector('#course-nav [data-progress="lesson:02-quorum-math"]')?.hasAttribute('data-done'))).toBe(true);
    await openExercise(b.page, '01-quorum');
    expect(await getCode(b.page)).toBe(read('solutions/01-quorum/solution.ts'));
    expect(b.errors).toEqual([]);
    await b.context.close();
  });
});
