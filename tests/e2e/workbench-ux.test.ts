// The exercise page as a learner meets it (issue 10): after Run the verdict is where they look and the
// focus stays on Run (1280x800 and 375x800); the first failure is open, the rest one line each; a
// reason shared by many tests (a load error, a missing export, an endless loop, an empty editor) is
// one banner; the failing run opens inside its test's card with the broken rule named and test
// peers drawn in their real term; Ctrl+Enter runs, Escape leaves the editor; the divider and the tabs
// work from the keyboard; axe finds nothing serious in light and dark. Screenshots of the page in
// both themes are written to test-results/screenshots/ (git-ignored).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suiteFor } from '../../src/engine';
import { ROOT, baseURL, exerciseURL, launch, read, setCode } from './helpers';

let browser: Browser;
const SHOTS = join(ROOT, 'test-results', 'screenshots');
const AXE = read('node_modules/axe-core/axe.min.js');
beforeAll(async () => {
  browser = await launch();
  mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

async function pageAt(width: number, height: number, theme?: 'light' | 'dark') {
  const context = await browser.newContext({ viewport: { width, height } });
  if (theme) await context.addInitScript((t) => localStorage.setItem('course:v1:theme', t), theme);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

async function open(page: Page, id: string): Promise<void> {
  await page.goto(exerciseURL(id));
  await page.waitForSelector('[data-workbench][data-editor="monaco"]', { timeout: 30_000 });
}

const DONE = '[data-wb-results][data-state="done"], [data-wb-results][data-state="compile-error"]';

/** Where things are right after a run: focus, and whether Run, the summary and the first problem are visible and on top. */
async function afterRun(page: Page) {
  return page.evaluate(() => {
    const visible = (el: Element | null) => {
      if (!el) return false;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.top < 0 || r.bottom > innerHeight || r.left < 0 || r.right > innerWidth) return false;
      const hit = document.elementFromPoint(r.left + Math.min(r.width / 2, 20), r.top + Math.min(r.height / 2, 10));
      return !!hit && (el === hit || el.contains(hit));
    };
    const run = document.querySelector('[data-wb-run]');
    const first = document.querySelector('[data-wb-banner]:not([hidden])') ?? document.querySelector('[data-wb-list] > li[data-expanded] .wb-toggle');
    const top = first?.getBoundingClientRect().top ?? Infinity;
    return {
      focusOnRun: document.activeElement === run,
      runVisible: visible(run),
      summaryVisible: visible(document.querySelector('[data-wb-summary]')),
      summary: document.querySelector('[data-wb-summary]')!.textContent!.trim(),
      live: document.querySelector('[data-wb-summary]')!.getAttribute('aria-live'),
      firstProblemStartsInView: top >= 0 && top < innerHeight - 20,
    };
  });
}

async function axe(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const result = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
      .map((v: any) => `${v.id}: ${v.nodes.slice(0, 3).map((n: any) => n.target.join(' ')).join('; ')}`);
  });
}

const text0 = (xs: string[]) => xs[0] ?? '';
const STARTER = read('exercises/02-request-vote/starter.ts');
const TOTAL = suiteFor('02-request-vote')!.tests.length;

describe('after Run, the verdict is where the learner looks', () => {
  it.each([
    [1280, 800],
    [375, 800],
  ])('at %ix%i: focus stays on Run, the summary (a live region) and the first failure are in view', async (width, height) => {
    const { context, page, errors } = await pageAt(width, height);
    await open(page, '02-request-vote');
    if (width < 900) await page.click('[data-wb-tab="code"]');
    await page.click('[data-wb-run]');
    await page.waitForSelector(DONE, { timeout: 60_000 });
    const state = await afterRun(page);
    expect(state.summary).toMatch(new RegExp(`^\\d+ of ${TOTAL} tests pass\\.$`));
    expect(state.live).toBe('polite');
    expect(state.focusOnRun).toBe(true);
    expect(state.runVisible).toBe(true);
    expect(state.summaryVisible).toBe(true);
    expect(state.firstProblemStartsInView).toBe(true);
    if (width < 900) expect(await page.getAttribute('[data-wb-tab="results"]', 'aria-selected')).toBe('true');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('results that point at the fix', () => {
  it('opens the first failing test and keeps every other one to one line; the terminal command sits behind a disclosure', async () => {
    const { context, page } = await pageAt(1280, 800);
    await open(page, '02-request-vote');
    await page.click('[data-wb-run]');
    await page.waitForSelector(DONE, { timeout: 60_000 });
    const items = await page.$$eval('[data-wb-list] > li', (lis) =>
      lis.map((li) => ({
        id: (li as HTMLElement).dataset.testId,
        status: (li as HTMLElement).dataset.status,
        open: li.querySelector('.wb-toggle')?.getAttribute('aria-expanded') ?? null,
        bodyShown: !!li.querySelector<HTMLElement>('.wb-test-body') && !li.querySelector<HTMLElement>('.wb-test-body')!.hidden,
        height: li.getBoundingClientRect().height,
      })),
    );
    const failed = items.filter((i) => i.status === 'fail');
    expect(failed.length).toBeGreaterThan(1);
    expect(failed[0]!.open).toBe('true');
    expect(failed[0]!.bodyShown).toBe(true);
    for (const f of failed.slice(1)) {
      expect(f.open).toBe('false');
      expect(f.bodyShown).toBe(false);
      expect(f.height).toBeLessThan(60); // one line (a border and padding around it)
    }
    // The command for the terminal is behind "Run it in your terminal", closed.
    const first = `[data-wb-list] > li[data-test-id="${failed[0]!.id}"]`;
    expect(await page.textContent(`${first} details.wb-terminal > summary`)).toBe('Run it in your terminal');
    expect(await page.isVisible(`${first} .wb-command`)).toBe(false);
    await page.click(`${first} details.wb-terminal > summary`);
    expect(await page.textContent(`${first} .wb-command`)).toContain(`npm run grade -- 02-request-vote exercises/02-request-vote/starter.ts --test ${failed[0]!.id} --seed`);
    // A click opens another one.
    await page.click(`[data-wb-list] > li[data-test-id="${failed[1]!.id}"] .wb-toggle`);
    expect(await page.isVisible(`[data-wb-list] > li[data-test-id="${failed[1]!.id}"] .wb-test-body`)).toBe(true);
    await context.close();
  });

  it('a module that throws when loaded: one banner, not a card per test', async () => {
    const { context, page } = await pageAt(1280, 800);
    await open(page, '02-request-vote');
    await setCode(page, `${STARTER}\nthrow new Error('broken at load');\n`);
    await page.click('[data-wb-run]');
    await page.waitForSelector(DONE, { timeout: 60_000 });
    const banners = await page.$$eval('[data-wb-banner]:not([hidden])', (b) => b.map((x) => x.textContent ?? ''));
    expect(banners).toHaveLength(1);
    expect(banners[0]).toContain('broken at load');
    // Whatever the worker reports (a fatal message, or every test failing the same way), no card is opened.
    expect(await page.$$eval('[data-wb-list] > li[data-expanded]', (l) => l.length)).toBe(0);
    const statuses = await page.$$eval('[data-wb-list] > li', (l) => l.map((li) => (li as HTMLElement).dataset.status));
    expect(statuses).toHaveLength(TOTAL);
    expect(statuses.every((s) => s === 'fail' || s === 'skipped')).toBe(true);
    await context.close();
  });

  it('a missing export: one banner; an empty editor: one message ("export a class named Node") and no run', async () => {
    const { context, page } = await pageAt(1280, 800);
    await open(page, '02-request-vote');
    await setCode(page, 'export class Nod {}\n');
    await page.click('[data-wb-run]');
    await page.waitForSelector(DONE, { timeout: 60_000 });
    expect(await page.$$eval('[data-wb-banner]:not([hidden])', (b) => b.length)).toBe(1);
    expect(await page.getAttribute('[data-wb-banner]', 'data-kind')).toBe('export');
    expect(await page.textContent('[data-wb-banner]')).toContain('export a class named Node');
    expect(await page.$$eval('[data-wb-list] > li[data-expanded]', (l) => l.length)).toBe(0);

    const runs = await page.evaluate(() => (window as any).__workbench.gradingRuns());
    await setCode(page, '// nothing yet\n\n');
    await page.click('[data-wb-run]');
    await page.waitForSelector('[data-wb-banner][data-kind="empty"]:not([hidden])');
    expect(await page.textContent('[data-wb-banner]')).toContain('export a class named Node');
    expect(await page.$$eval('[data-wb-list] > li', (l) => l.length)).toBe(0);
    expect(await page.textContent('[data-wb-summary]')).toMatch(/^Not run: your code is empty/);
    expect(await page.evaluate(() => (window as any).__workbench.gradingRuns())).toBe(runs);
    await context.close();
  });

  it('an endless loop: one banner, and it names the handler and the line that was running', async () => {
    // Loops on one request only (as in watchdog.test.ts), so the suite stays quick with either worker.
    const code = STARTER.replace(
      /onRequestVote\(from: NodeId, args: RequestVoteArgs\): RequestVoteReply \{/,
      '$&\n    if (args.term === 6 && args.lastLogTerm === 2) while (true) {}',
    );
    expect(code).toContain('while (true) {}');
    const loopLine = code.split('\n').findIndex((l) => l.includes('while (true) {}')) + 1;
    const { context, page } = await pageAt(1280, 800);
    await open(page, '02-request-vote');
    await setCode(page, code);
    await page.click('[data-wb-run]');
    await page.waitForSelector(DONE, { timeout: 120_000 });
    const banners = await page.$$eval('[data-wb-banner]:not([hidden])', (b) => b.map((x) => x.textContent ?? ''));
    expect(banners).toHaveLength(1);
    expect(await page.getAttribute('[data-wb-banner]', 'data-kind')).toBe('timeout');
    expect(text0(banners)).toMatch(/Stopped: your code did not finish in time/);
    const text = banners[0]!;
    // No timed-out test is opened as a card of its own: the banner says it once.
    expect(await page.$$eval('[data-wb-list] > li[data-expanded]', (l) => l.map((li) => li.textContent ?? '').filter((t) => /did not finish|time limit/i.test(t)))).toEqual([]);
    const named = /\b(on[A-Z]\w*)\b[\s\S]*?\bline (\d+)/.exec(text);
    // The worker names the handler and the learner's line that was running when the guard fired.
    expect(named, text).not.toBeNull();
    expect(named![1]).toBe('onRequestVote');
    expect(Number(named![2])).toBe(loopLine);
    await context.close();
  });
});

describe('the failing run', () => {
  it('opens inside its own test card, names the broken rule, lists every field of the selected event, and draws test peers in their real term', async () => {
    const { context, page, errors } = await pageAt(1280, 800);
    await open(page, '02-request-vote');
    await page.click('[data-wb-run]');
    await page.waitForSelector(DONE, { timeout: 60_000 });
    const id = await page.$eval('[data-wb-list] > li[data-expanded]', (li) => (li as HTMLElement).dataset.testId!);
    await page.click(`[data-show-run="${id}"]`);
    await page.waitForSelector('[data-wb-replay]:not([hidden]) .wb-event-violation');
    const where = await page.evaluate(() => {
      const replay = document.querySelector('[data-wb-replay]')!;
      const title = replay.querySelector('[data-replay-title]')!;
      const r = title.getBoundingClientRect();
      return { card: replay.closest<HTMLElement>('li[data-test-id]')?.dataset.testId, title: title.textContent ?? '', titleInView: r.top >= 0 && r.bottom <= innerHeight };
    });
    expect(where.card).toBe(id);
    expect(where.titleInView).toBe(true);
    const test = suiteFor('02-request-vote')!.tests.find((t) => t.id === id)!;
    expect(where.title).toMatch(/^Rule broken: /);
    expect(where.title).not.toContain('test failed');
    // A simulator rule in words, or the rule the test is named after.
    expect(where.title.includes(test.name) || /\[[a-z-]+\]/.test(where.title)).toBe(true);

    // The detail pane shows every field of the selected event; arrows move the selection.
    const fields = await page.$$eval('[data-replay-detail] dt', (d) => d.map((x) => x.textContent));
    expect(fields).toEqual(expect.arrayContaining(['i', 't', 'type']));
    const before = await page.textContent('[data-replay-detail] .wb-event-detail-head');
    await page.focus('[data-replay-events]');
    await page.keyboard.press('ArrowUp');
    expect(await page.textContent('[data-replay-detail] .wb-event-detail-head')).not.toBe(before);
    // Event lines wrap: none is cut.
    expect(await page.$$eval('[data-replay-events] li.wb-event', (lis) => lis.every((li) => li.scrollWidth <= li.clientWidth + 1))).toBe(true);

    // The cluster picture: test peers (p2, p3) are not left at term 0 once they have sent in a later term.
    await page.waitForSelector('[data-replay-picture] .cv-node[data-node^="p"]', { timeout: 30_000 });
    const peers = await page.$$eval('[data-replay-picture] .cv-node[data-node^="p"]', (gs) =>
      gs.map((g) => ({ id: g.getAttribute('data-node'), role: g.getAttribute('data-role'), text: g.textContent ?? '' })),
    );
    expect(peers.length).toBeGreaterThan(0);
    expect(peers.some((p) => !/\bT0\b/.test(p.text) || p.role !== 'FOLLOWER')).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('keyboard', () => {
  it('Ctrl+Enter in the editor runs the tests; Escape leaves the editor for Run, unless a suggestion list is open', async () => {
    const { context, page } = await pageAt(1280, 800);
    await open(page, '02-request-vote');
    expect(await page.textContent('#wb-keys')).toMatch(/Esc\s*leaves the\s+editor/);
    await page.click('.wb-code-editor .view-lines');
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector(DONE, { timeout: 60_000 });
    expect(await page.textContent('[data-wb-summary]')).toMatch(/tests pass\./);
    const inEditor = () => page.evaluate(() => !!document.activeElement?.closest('.monaco-editor'));
    expect(await inEditor()).toBe(true);

    // A suggestion list takes the first Escape; the next one leaves the editor.
    await page.keyboard.press('End');
    await page.keyboard.press('Control+Space');
    const suggest = await page.waitForSelector('.monaco-editor .suggest-widget.visible', { timeout: 10_000 }).then(() => true).catch(() => false);
    if (suggest) {
      await page.keyboard.press('Escape');
      expect(await inEditor()).toBe(true);
    }
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => document.activeElement?.matches('[data-wb-run]'))).toBe(true);
    await context.close();
  });

  it('the divider is a separator the arrow keys move; on a phone, tabs Statement / Code / Results', async () => {
    const wide = await pageAt(1280, 800);
    await open(wide.page, '02-request-vote');
    const sep = wide.page.locator('[data-wb-divider]');
    expect(await sep.getAttribute('role')).toBe('separator');
    const width = () => wide.page.$eval('[data-wb-panel="statement"]', (e) => e.getBoundingClientRect().width);
    const w0 = await width();
    const v0 = Number(await sep.getAttribute('aria-valuenow'));
    await sep.focus();
    await wide.page.keyboard.press('ArrowRight');
    expect(Number(await sep.getAttribute('aria-valuenow'))).toBe(v0 + 5);
    expect(await width()).toBeGreaterThan(w0 + 20);
    // The statement scrolls on its own: the page does not.
    expect(await wide.page.$eval('[data-wb-panel="statement"]', (e) => getComputedStyle(e).overflowY)).toBe('auto');
    await wide.context.close();

    const phone = await pageAt(375, 800);
    await open(phone.page, '02-request-vote');
    expect(await phone.page.getAttribute('[data-wb-tabs]', 'role')).toBe('tablist');
    expect(await phone.page.isVisible('[data-wb-panel="statement"]')).toBe(false);
    await phone.page.click('[data-wb-tab="statement"]');
    expect(await phone.page.isVisible('#statement-heading')).toBe(true);
    expect(await phone.page.isVisible('[data-wb-editor]')).toBe(false);
    await phone.page.keyboard.press('ArrowRight');
    expect(await phone.page.getAttribute('[data-wb-tab="code"]', 'aria-selected')).toBe('true');
    expect(await phone.page.isVisible('[data-wb-editor]')).toBe(true);
    // The exercise status sits on the title's line.
    const line = await phone.page.evaluate(() => {
      const h = document.querySelector('h1')!.getBoundingClientRect();
      const s = document.querySelector('.ex-status')!.getBoundingClientRect();
      return { h1Bottom: h.bottom, statusTop: s.top, statusBottom: s.bottom, h1Top: h.top };
    });
    expect(line.statusTop).toBeLessThan(line.h1Bottom);
    await phone.context.close();
  });
});

describe('axe and screenshots of the new exercise page', () => {
  it.each(['light', 'dark'] as const)('%s theme: no serious violation with results and the failing run open, wide and narrow', async (theme) => {
    const { context, page } = await pageAt(1280, 800, theme);
    await open(page, '02-request-vote');
    await page.click('[data-wb-run]');
    await page.waitForSelector(DONE, { timeout: 60_000 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SHOTS, `exercise-${theme}-1280.png`) });
    expect(await axe(page)).toEqual([]);
    await page.click('[data-wb-list] > li[data-expanded] [data-show-run]');
    await page.waitForSelector('[data-replay-picture] .cv', { timeout: 30_000 });
    await page.screenshot({ path: join(SHOTS, `exercise-${theme}-1280-replay.png`) });
    expect(await axe(page)).toEqual([]);
    await page.setViewportSize({ width: 375, height: 800 });
    await page.click('[data-wb-tab="results"]');
    await page.screenshot({ path: join(SHOTS, `exercise-${theme}-375.png`) });
    expect(await axe(page)).toEqual([]);
    await context.close();
  });
});

describe('around the course', () => {
  it('home: "Continue where you left off" appears once there is progress, and points at the next step', async () => {
    const { context, page } = await pageAt(1280, 800);
    await page.goto(`${baseURL()}/`);
    expect(await page.isVisible('[data-continue]')).toBe(false);
    const first = await page.$eval('[data-lesson-path] a', (a) => new URL((a as HTMLAnchorElement).href).pathname);
    const firstId = first.split('/').filter(Boolean).pop()!;
    await page.evaluate((id) => localStorage.setItem(`course:v1:quiz:${id}`, JSON.stringify({ answers: {}, correct: 1, total: 1, passed: true, updatedAt: new Date().toISOString() })), firstId);
    await page.reload();
    await page.waitForSelector('[data-continue]:not([hidden])');
    const link = await page.$eval('[data-continue-next] a', (a) => new URL((a as HTMLAnchorElement).href).pathname);
    expect(link).not.toBe(first);
    expect(link).toMatch(/^\/(lessons|exercises)\/[^/]+\/$/);
    expect(await page.textContent('[data-continue-progress]')).toMatch(/^1 of \d+ lessons passed · 0 of \d+ exercises solved$/);
    await page.click('[data-continue-next] a');
    await page.waitForURL((u) => u.pathname === link);
    await context.close();
  });

  it('playground: opens paused under a short prompt, plays on the first click, fault controls beside the picture', async () => {
    const { context, page, errors } = await pageAt(1280, 800);
    await page.goto(`${baseURL()}/playground/`);
    await page.waitForSelector('[data-playground][data-ready] .cv [data-scrubber]', { timeout: 30_000 });
    expect(await page.isVisible('[data-pg-prompt]')).toBe(true);
    expect(await page.$eval('.cv', (v) => v.hasAttribute('data-playing'))).toBe(false);
    const side = await page.evaluate(() => {
      const view = document.querySelector('[data-pg-view]')!.getBoundingClientRect();
      const faults = document.querySelector('.pg-panel fieldset')!.getBoundingClientRect();
      return { beside: faults.left >= view.right - 1, top: faults.top, viewTop: view.top, viewBottom: view.bottom };
    });
    expect(side.beside).toBe(true);
    expect(side.top).toBeLessThan(side.viewBottom);
    await page.click('[data-pg-view] svg', { position: { x: 5, y: 5 } });
    await page.waitForSelector('.cv[data-playing]');
    expect(await page.isVisible('[data-pg-prompt]')).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('search: Enter in the box opens the first result', async () => {
    const { context, page } = await pageAt(1280, 800);
    await page.goto(`${baseURL()}/`);
    await page.keyboard.press('/');
    await page.waitForSelector('#search-dialog[open]');
    await page.fill('#search-input', 'fencing token');
    await page.waitForSelector('#search-results a');
    const first = await page.$eval('#search-results a', (a) => new URL((a as HTMLAnchorElement).href).pathname);
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === first);
    // Typed and Enter at once, before the list is shown: it still opens the first result.
    await page.keyboard.press('/');
    await page.waitForSelector('#search-dialog[open]');
    await page.fill('#search-input', 'quorum');
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => /^\/(lessons|exercises)\/[^/]+\/$/.test(u.pathname) && u.pathname !== first);
    await context.close();
  });

  it('at 375 px, no label of a lesson diagram renders below 11 px (diagrams scroll sideways, with a hint)', async () => {
    const { context, page } = await pageAt(375, 800);
    await page.goto(`${baseURL()}/lessons/`);
    const lessons = await page.$$eval('main a[href*="/lessons/"]', (as) => [...new Set(as.map((a) => new URL((a as HTMLAnchorElement).href).pathname))].filter((p) => p !== '/lessons/'));
    expect(lessons.length).toBeGreaterThan(5);
    let measured = 0;
    for (const path of lessons) {
      await page.goto(`${baseURL()}${path}`);
      const sizes = await page.evaluate(() =>
        [...document.querySelectorAll<SVGSVGElement>('main figure svg[viewBox]')]
          .filter((svg) => !svg.closest('.cv-scene, .qc, .cv'))
          .map((svg) => {
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            const texts = [...svg.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
            const box = svg.closest('.diagram-scroll');
            const hint = box?.nextElementSibling;
            return { min: Math.min(...texts), count: texts.length, overflows: !!box && box.scrollWidth > box.clientWidth + 1, hint: !!hint && getComputedStyle(hint).display !== 'none' };
          }),
      );
      for (const s of sizes) {
        if (!s.count) continue;
        measured += s.count;
        expect(s.min, path).toBeGreaterThanOrEqual(11 - 0.01);
        if (s.overflows) expect(s.hint, `${path}: a diagram wider than the screen says it scrolls`).toBe(true);
      }
    }
    expect(measured).toBeGreaterThan(50);
    await context.close();
  });
});
