// Accessibility: axe-core (the pinned devDependency, injected into the page) finds no serious or
// critical violation on a lesson page and on an exercise page (editor loaded, results, failing run
// and solution shown, Progress panel open); and the workbench works from the keyboard alone.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseURL, freshPage, launch, openExercise, read, shown } from './helpers';

let browser: Browser;
const AXE = read('node_modules/axe-core/axe.min.js');
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

interface Finding {
  id: string;
  impact: string;
  help: string;
  nodes: string[];
}

async function axe(page: Page): Promise<Finding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const result = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
      .map((v: any) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n: any) => `${n.target.join(' ')}: ${n.failureSummary}`) }));
  });
}

describe('axe-core finds no serious or critical violations', () => {
  it.each(['light', 'dark'])('on a lesson page (%s theme)', async (theme) => {
    const { context, page } = await freshPage(browser);
    await page.addInitScript((t) => localStorage.setItem('course:v1:theme', t), theme);
    await page.goto(`${baseURL()}/lessons/04-raft-election/`);
    expect(await axe(page)).toEqual([]);
    await context.close();
  });

  it.each(['light', 'dark'])('on an exercise page with its editor, results, failing run and solution (%s theme)', async (theme) => {
    const { context, page } = await freshPage(browser);
    await page.addInitScript((t) => localStorage.setItem('course:v1:theme', t), theme);
    await openExercise(page, '02-request-vote');
    expect(await axe(page)).toEqual([]);
    await page.click('[data-wb-run]');
    await page.waitForSelector('[data-wb-results][data-state="done"]');
    await page.click('[data-show-run]');
    await page.waitForSelector('[data-wb-replay]:not([hidden])');
    page.once('dialog', (d) => d.accept());
    await page.click('[data-wb-reveal]');
    await page.waitForSelector('[data-wb-solution]:not([hidden]) .wb-solution-editor .view-lines');
    await page.click('details[data-hint="0"] > summary');
    expect(await axe(page)).toEqual([]);
    await page.click('[data-progress-open]');
    await page.waitForSelector('dialog[data-progress-panel][open]');
    expect(await axe(page)).toEqual([]);
    await context.close();
  });
});

describe('keyboard only', () => {
  it('reaches Run tests with Tab, runs with Enter and with Ctrl+Enter in the editor, and Ctrl+M lets Tab leave the editor', async () => {
    const { context, page } = await freshPage(browser);
    await openExercise(page, '01-quorum');
    expect(await page.textContent('.wb-keys')).toMatch(/Ctrl\s*\+\s*M/);

    // Tab from the top of the page to the Run button.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    let reached = false;
    for (let i = 0; i < 120 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.matches('[data-wb-run]') ?? false);
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-wb-results][data-state="done"]');
    expect((await shown(page)).summary).toMatch(/^\d+ of \d+ tests pass\./);

    // In the editor: Ctrl+Enter runs the tests.
    await page.evaluate(() => document.querySelector('[data-wb-list]')!.replaceChildren());
    await page.click('.wb-code-editor .view-lines');
    await page.keyboard.press('Control+Enter');
    await page.waitForFunction(() => document.querySelectorAll('[data-wb-list] > li').length > 0 && document.querySelector('[data-wb-results]')!.getAttribute('data-state') === 'done');

    // Tab indents inside the editor; after Ctrl+M it moves the focus out instead.
    await page.click('.wb-code-editor .view-lines');
    const inEditor = () => page.evaluate(() => !!document.activeElement?.closest('.monaco-editor'));
    await page.keyboard.press('Tab');
    expect(await inEditor()).toBe(true);
    await page.keyboard.press('Control+m');
    await page.keyboard.press('Tab');
    expect(await inEditor()).toBe(false);
    await context.close();
  });
});
