// Tampering submissions, graded in the page's sandboxed worker, never turn a failing implementation
// into a pass: rewriting built-ins, fixing Math.random, posting forged results to the page (through
// globalThis, indirect eval, self, a constructor's constructor), throwing non-Error values. Every file
// of the tampering catalogue (tests/engine/tampering) goes through the real page worker too: no solved
// mark, a clear message, and the learner's code unchanged. And the verdict stays deterministic.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exerciseIds, suiteFor } from '../../src/engine';
import { freshPage, getCode, launch, openExercise, read, ROOT, runTests, setCode, sidebarTicked, solvedInStorage } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** Every way to reach a global object and post the page a full set of passing results. */
function forger(exercise: string): string {
  const ids = suiteFor(exercise)!.tests.map((t) => t.id);
  return `
const forge = (g: any) => {
  ${JSON.stringify(ids)}.forEach((id: string, index: number) => g.postMessage({ type: 'result', index, result: { id, name: id, section: 'x', status: 'pass', runs: 1, logs: [] } }));
  g.postMessage({ type: 'done', summary: { exercise: '${exercise}', passed: ${ids.length}, failed: 0 } });
};
const reach = [
  () => globalThis,
  () => (0, eval)('this'),
  () => (globalThis as any).self,
  () => (globalThis as any).parent,
  () => ({}).constructor.constructor('return globalThis')(),
];
const tamper = () => {
  for (const get of reach) { try { forge(get()); } catch {} }
  try { (Array.prototype as any).every = () => true; } catch {}
  try { (Array.prototype as any).some = () => false; } catch {}
  try { (Object as any).is = () => true; } catch {}
  try { Math.random = () => 0; } catch {}
  try { (JSON as any).stringify = () => '{}'; } catch {}
  try { (globalThis as any).close?.(); } catch {}
};
tamper();
`;
}

const FORGING_QUORUM = `${forger('01-quorum')}
export function majority(n: number): number { tamper(); return Math.ceil(n / 2); }
export function faultTolerance(n: number): number { tamper(); throw 'not an Error'; }
`;

const FORGING_NODE = read('exercises/03-election/starter.ts').replace(/^/, forger('03-election')).replace(/startElection\(\): void \{/, '$&\n    tamper();');

const cases: [string, string, string][] = [
  ['prototype overrides', '02-request-vote', read('tests/engine/tampering/prototype-overrides.ts')],
  // Its Function constructor call is a compile error now (checked below); the rest must be blocked at run time.
  ['global overrides and postMessage', '03-election', read('tests/engine/tampering/global-overrides.ts').replace(/^.*Function\('return this'\).*$/m, '')],
  ['non-Error throws and hostile values', '02-request-vote', read('tests/engine/tampering/weird-throws.ts')],
  ['state getters that lie', '03-election', read('tests/engine/tampering/state-getters.ts')],
  ['forged worker messages (functions)', '01-quorum', FORGING_QUORUM],
  ['forged worker messages (node)', '03-election', FORGING_NODE],
];

describe('tampering submissions never pass', () => {
  it.each(cases)('%s (%s)', async (_name, exercise, code) => {
    const { context, page, errors } = await freshPage(browser);
    await openExercise(page, exercise);
    await setCode(page, code);
    const { summary, results } = await runTests(page);
    const total = suiteFor(exercise)!.tests.length;
    expect(results.length).toBe(total);
    expect(results.some((r) => r.status === 'fail')).toBe(true);
    expect(summary).not.toMatch(/All .* pass/);
    // Each test is reported once, under its own id, in suite order: nothing forged slipped in.
    expect(results.map((r) => r.id)).toEqual(suiteFor(exercise)!.tests.map((t) => t.id));
    expect(await solvedInStorage(page, exercise)).toBe(false);
    expect(await sidebarTicked(page, exercise)).toBe(false);
    // The page itself is untouched.
    expect(await page.evaluate(() => [typeof Array.prototype.every, [1, 2].every((x) => x > 1), Math.random() !== Math.random()])).toEqual(['function', false, true]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the same code grades the same way twice, whatever it does to Math.random', async () => {
    const { context, page } = await freshPage(browser);
    await openExercise(page, '03-election');
    await setCode(page, cases[1]![2]);
    const first = await runTests(page);
    const second = await runTests(page);
    expect(second).toEqual(first);
    await context.close();
  });
});

/** The exercise a catalogue file is graded on: its `// exercise: <id>` line, else by what it exports. */
function exerciseOf(file: string, text: string): string {
  const declared = /^\/\/ exercise: *(\S+)/m.exec(text)?.[1];
  const legacy: Record<string, string> = { 'prototype-overrides.ts': '02', 'weird-throws.ts': '02', 'infinite-loop.ts': '02', 'syntax-error.ts': '02', 'quorum-forge.ts': '01', 'nondeterminism.ts': '01' };
  const wanted = declared ?? legacy[file] ?? (/export\s+(?:default\s+)?class\s+Node\b/.test(text) ? '05' : '01');
  return exerciseIds.find((id) => id === wanted || id.startsWith(wanted))!;
}

describe('every file of the tampering catalogue, through the page\'s worker', () => {
  const dir = join(ROOT, 'tests/engine/tampering');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts')).sort();
  it.each(files)('%s', async (file) => {
    const code = read(`tests/engine/tampering/${file}`);
    const exercise = exerciseOf(file, code);
    const { context, page, errors } = await freshPage(browser);
    let crashed = false;
    page.on('crash', () => (crashed = true));
    await openExercise(page, exercise);
    await setCode(page, code);
    if (/^\/\/ page: may crash the tab/m.test(code)) {
      // A fast memory bomb can take the tab down before any guard fires (see the note below): then
      // nothing may be marked solved, and the learner's code must be there after a reload.
      const outcome = await runTests(page, 90_000).catch((error) => (crashed ? null : Promise.reject(error)));
      if (!outcome) {
        console.log(`${file} in the page: the tab crashed; checking that the code survived`);
        await page.close().catch(() => undefined);
        const again = await context.newPage();
        await openExercise(again, exercise);
        expect(await getCode(again)).toBe(code);
        expect(await solvedInStorage(again, exercise)).toBe(false);
        await context.close();
        return;
      }
      expect(outcome.summary).not.toMatch(/All .* pass/);
      await context.close();
      return;
    }
    const { summary, results, banner } = await runTests(page, 90_000);
    expect(crashed).toBe(false);
    expect(summary).not.toMatch(/All .* pass/);
    expect(summary.length).toBeGreaterThan(10);
    // A clear message: a failing test with its reason, or one banner for the whole module.
    expect(banner.length > 40 || results.some((r) => (r.status === 'fail' || r.status === 'error' || r.status === 'compile-error') && r.text.length > 40)).toBe(true);
    expect(results.filter((r) => r.status === 'pass').length).toBeLessThan(suiteFor(exercise)!.tests.length);
    expect(await solvedInStorage(page, exercise)).toBe(false);
    expect(await sidebarTicked(page, exercise)).toBe(false);
    // The learner's code is untouched, in the editor and in storage.
    expect(await getCode(page)).toBe(code);
    expect(await page.evaluate((x) => localStorage.getItem(`course:v1:code:${x}`), exercise)).toBe(code);
    expect(errors).toEqual([]);
    await context.close();
  });
});

// Chromium gives a Web Worker no heap limit the page can set, and no performance.memory inside it: a
// module that allocates hundreds of MB per step can take the whole tab down before the 5 s guard
// fires (measured; a slower leak is stopped by the time guard and the tab survives). Whatever
// happens, the learner's code was saved before the run and is there after a reload.
describe('a fast memory bomb in the page', () => {
  it('ends with a message or a crashed tab, and the learner\'s code survives either way', async () => {
    const BOMB = read('exercises/05-faults/starter.ts').replace(/^/, "const hoard: string[][] = [];\nexport const grow = () => { for (;;) hoard.push(('x'.repeat(1 << 24) + hoard.length).split('')); };\n");
    const { context, page } = await freshPage(browser);
    let crashed = false;
    page.on('crash', () => (crashed = true));
    await openExercise(page, '05-faults');
    await setCode(page, BOMB.replace(/constructor\(([^)]*)\) \{/, 'constructor($1) {\n    grow();'));
    const code = await getCode(page);
    expect(code).toContain('grow();');
    await page.click('[data-wb-run]');
    await Promise.race([
      page.waitForSelector('[data-wb-results][data-state="done"]', { timeout: 60_000 }).catch(() => undefined),
      new Promise<void>((resolve) => page.on('crash', () => resolve())),
    ]);
    console.log(`fast memory bomb in the page: ${crashed ? 'the tab crashed' : 'stopped with a message, the tab survived'}`);
    if (!crashed) {
      expect(await page.textContent('[data-wb-summary]')).not.toMatch(/All .* pass/);
      // The tab survived: what a reload would load into the editor is in its storage. (Reopening the page
      // in this renderer process, still full from the bomb, can take longer than the test allows on a busy CI machine.)
      expect(await page.evaluate(() => localStorage.getItem('course:v1:code:05-faults'))).toBe(code);
      expect(await solvedInStorage(page, '05-faults')).toBe(false);
      await context.close();
      return;
    }
    // The tab crashed: open the page again, as a learner would, and find the code there.
    await page.close().catch(() => undefined);
    const again = await context.newPage();
    await openExercise(again, '05-faults');
    expect(await getCode(again)).toBe(code);
    expect(await solvedInStorage(again, '05-faults')).toBe(false);
    await context.close();
  });
});
