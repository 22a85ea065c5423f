// The cluster view in Chromium against the built site: the playground plays, a crashed leader is
// replaced; a shared link replays the same run event for event; a failing exercise run opens in the
// cluster view at its violation; a lesson scene loads lazily and plays its captions.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseURL, freshPage, launch, openExercise, read, runTests, setCode } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function openPlayground(page: Page, query = ''): Promise<void> {
  await page.goto(`${baseURL()}/playground/${query}`);
  await page.waitForSelector('[data-playground][data-ready] .cv [data-scrubber]', { timeout: 30_000 });
}

/** The leaders drawn, alive, by node id. */
/**
 * Presses a lesson scene's "Play" without scrolling first: a scroll brings the scene near the
 * viewport, which mounts the viewer on its own and replaces the button under the pointer.
 */
const pressScenePlay = (page: Page) =>
  page.evaluate(() => {
    const shell = document.querySelector<HTMLButtonElement>('[data-cluster-scene] [data-scene-play]');
    // Already mounted (the scene was near the viewport): the viewer's own play button.
    (shell ?? document.querySelector<HTMLButtonElement>('[data-cluster-scene] .cv-play'))!.click();
  });

const liveLeaders = (page: Page) => page.$$eval('.cv-node[data-node][data-role="LEADER"]:not([data-down])', (els) => els.map((e) => (e as HTMLElement).dataset.node!));

/** The description of the event at each of the given scrubber positions (what a screen reader hears). */
async function eventsAt(page: Page, positions: number[]): Promise<string[]> {
  return page.evaluate((positions) => {
    const input = document.querySelector<HTMLInputElement>('.cv [data-scrubber]')!;
    return positions.map((p) => {
      input.value = String(p);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      // "Event k of N. <time>: <what happened>" (N depends on how far the run was simulated ahead).
      return (input.getAttribute('aria-valuetext') ?? '').replace(/ of \d+\./, '.');
    });
  }, positions);
}

describe('playground', () => {
  let shared = '';
  let before: string[] = [];
  const positions = Array.from({ length: 60 }, (_, i) => i * 23);

  it('plays; crashing the leader gets a new leader elected', async () => {
    const { context, page, errors } = await freshPage(browser);
    await openPlayground(page, '?seed=7&n=5');
    expect(await liveLeaders(page)).toEqual([]);
    await page.selectOption('.cv-speed', '1');
    await page.click('.cv-play');
    await page.waitForSelector('.cv-node[data-node][data-role="LEADER"]:not([data-down])', { timeout: 20_000 });
    const [leader] = await liveLeaders(page);
    expect(leader).toMatch(/^n\d$/);

    // Choose the leader by clicking it in the picture, then crash it.
    await page.click(`.cv-node[data-node="${leader}"]`);
    expect(await page.inputValue('#pg-node')).toBe(leader);
    await page.click('[data-pg-act="crash"]');
    await page.waitForSelector(`.cv-node[data-node="${leader}"][data-down]`);
    expect(page.url()).toMatch(new RegExp(`a=[\\d.]+:crash:${leader}`));
    await page.waitForFunction((old) => [...document.querySelectorAll<HTMLElement>('.cv-node[data-node][data-role="LEADER"]:not([data-down])')].some((n) => n.dataset.node !== old), leader, { timeout: 20_000 });
    const [next] = await liveLeaders(page);
    expect(next).not.toBe(leader);
    // The summary for screen readers says so too.
    expect(await page.textContent('[data-cv-summary]')).toMatch(new RegExp(`${next} leads term [2-9]`));
    expect(await page.textContent('[data-cv-summary]')).toContain(`${leader} is down`);

    await page.click('.cv-play'); // pause
    shared = page.url();
    before = await eventsAt(page, positions);
    expect(new Set(before).size).toBeGreaterThan(50);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a shared link reproduces the same run, event for event', async () => {
    expect(shared).toContain('crash');
    const { context, page, errors } = await freshPage(browser);
    await openPlayground(page, new URL(shared).search);
    expect(await eventsAt(page, positions)).toEqual(before);
    expect(await page.$$eval('[data-pg-actions] li', (l) => l.map((x) => x.textContent))).toEqual([expect.stringMatching(/crash n\d/)]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('partitions by sides chosen on node buttons, and draws the groups', async () => {
    const { context, page } = await freshPage(browser);
    await openPlayground(page, '?seed=3&n=5');
    await page.selectOption('.cv-speed', '1');
    await page.click('.cv-play');
    await page.waitForSelector('.cv-node[data-node][data-role="LEADER"]');
    // Sides default to n1-n3 | n4-n5; move n3 to side B as well.
    await page.click('.pg-side[data-node="n3"]');
    await page.click('[data-pg-act="part"]');
    await page.waitForSelector('.cv-group');
    expect(await page.$$eval('.cv-group', (g) => g.length)).toBe(2);
    expect(page.url()).toContain(':part:n1n2|n3n4n5');
    expect(await page.textContent('[data-cv-summary]')).toContain('The network is split: {n1, n2} | {n3, n4, n5}.');

    // The space-time diagram: one lane per node; a click left of the cursor jumps back in time.
    await page.click('.cv-play'); // pause
    await page.click('.cv [role="tab"]:has-text("Space-time")');
    expect(await page.$$eval('.cv-st-name', (n) => n.map((x) => x.textContent))).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
    // Messages are drawn as one path per style: count the arrows in them.
    expect(await page.$$eval('.cv-st-msg', (m) => m.reduce((n, p) => n + (p.getAttribute('d')!.match(/M/g) ?? []).length, 0))).toBeGreaterThan(10);
    const before = Number(await page.inputValue('.cv [data-scrubber]'));
    const box = (await page.locator('.cv-st').boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.35, box.y + box.height / 2);
    const after = Number(await page.inputValue('.cv [data-scrubber]'));
    expect(after).toBeLessThan(before);
    expect(after).toBeGreaterThan(0);
    await context.close();
  });
});

describe('playground with the learner\'s own code', () => {
  it('compiles the saved code, runs it in the sandboxed worker, and stops the run where it breaks a rule', async () => {
    const { context, page, errors } = await freshPage(browser);
    const reference = read('solutions/05-faults/solution.ts');
    const anchor = '  onHeartbeat(_from: NodeId, args: HeartbeatArgs): HeartbeatReply {\n';
    expect(reference).toContain(anchor);
    // Throws on its first heartbeat: the simulator stops the run with code-threw.
    const broken = reference.replace(anchor, `${anchor}    if (this.currentTerm > 0) throw new Error('boom at the first heartbeat');\n`);
    await context.addInitScript((code) => localStorage.setItem('course:v1:code:05-faults', code), broken);
    await openPlayground(page, '?seed=7&n=5&code=05-faults');
    expect(await page.inputValue('#pg-code')).toBe('05-faults');
    expect(await page.textContent('[data-pg-status]')).toMatch(/running your code for exercise 05-faults/);
    expect(await page.textContent('[data-pg-message]')).toMatch(/rule broken \(code-threw\).*boom at the first heartbeat/);
    await page.click('[data-pg-violation]');
    expect(await page.getAttribute('.cv [data-scrubber]', 'aria-valuetext')).toMatch(/RULE BROKEN \(code-threw\)/);

    // Back to the reference: the same scenario runs on without breaking.
    await page.selectOption('#pg-code', '');
    await page.waitForFunction(() => /running the reference solution/.test(document.querySelector('[data-pg-status]')!.textContent!));
    expect(page.url()).not.toContain('code=');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('failing-run replay', () => {
  it('"Watch this run" opens the run in the cluster view at the violation, rule named, nodes highlighted', async () => {
    const { context, page, errors } = await freshPage(browser);
    const reference = read('solutions/05-faults/solution.ts');
    const line = '      (this.votedFor === null || this.votedFor === args.candidateId) &&\n';
    expect(reference).toContain(line);
    const buggy = reference.replace(line, ''); // grants a vote to every candidate: two votes in one term
    await openExercise(page, '05-faults');
    await setCode(page, buggy);
    const { results } = await runTests(page, 120_000);
    expect(results.some((r) => r.status === 'fail')).toBe(true);

    await page.locator('[data-show-run]').first().click();
    await page.waitForSelector('[data-replay-picture] .cv [data-scrubber]', { timeout: 30_000 });
    // The workbench names the violating event; the cluster view opens exactly there.
    const meta = (await page.textContent('[data-replay-meta]')) ?? '';
    const at = Number(/event #(\d+)/.exec(meta)?.[1]);
    expect(Number.isInteger(at)).toBe(true);
    expect(Number(await page.inputValue('[data-replay-picture] [data-scrubber]'))).toBe(at);
    const valuetext = (await page.getAttribute('[data-replay-picture] [data-scrubber]', 'aria-valuetext')) ?? '';
    expect(valuetext).toMatch(/RULE BROKEN \(([\w-]+)\)/);
    const rule = /RULE BROKEN \(([\w-]+)\)/.exec(valuetext)![1]!;
    expect(await page.textContent('[data-replay-picture] .cv-banner')).toContain(`Rule broken: ${rule}`);
    expect(await page.$$eval('[data-replay-picture] .cv-hl-ring', (h) => h.length)).toBeGreaterThanOrEqual(1);
    expect(await page.textContent('[data-replay-picture] .cv-row-current')).toContain('RULE BROKEN');

    // Stepping in the cluster view moves the workbench's own list along.
    await page.click('[data-replay-picture] .cv-prev');
    expect(Number(await page.inputValue('[data-replay-picture] [data-scrubber]'))).toBe(at - 1);
    expect(await page.getAttribute(`[data-replay-events] [data-event="${at - 1}"]`, 'aria-current')).toBe('true');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('accessibility', () => {
  const AXE = read('node_modules/axe-core/axe.min.js');
  async function axe(page: Page) {
    await page.addScriptTag({ content: AXE });
    return page.evaluate(async () => {
      const result = await (window as any).axe.run(document, { resultTypes: ['violations'] });
      return result.violations.filter((v: any) => v.impact === 'serious' || v.impact === 'critical').map((v: any) => `${v.id}: ${v.nodes.slice(0, 3).map((n: any) => n.target.join(' ')).join('; ')}`);
    });
  }

  it.each(['light', 'dark'])('axe finds no serious violation in the playground or a mounted lesson scene, both tabs (%s theme)', async (theme) => {
    const { context, page } = await freshPage(browser);
    await context.addInitScript((t) => localStorage.setItem('course:v1:theme', t), theme);
    await openPlayground(page, '?seed=7&n=5&a=400:part:n1n2|n3n4n5,600:crash:n3');
    await page.evaluate(() => {
      const s = document.querySelector<HTMLInputElement>('.cv [data-scrubber]')!;
      s.value = String(Math.floor(Number(s.max) / 3));
      s.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(await axe(page)).toEqual([]);
    await page.click('.cv [role="tab"]:has-text("Space-time")');
    expect(await axe(page)).toEqual([]);
    await page.goto(`${baseURL()}/lessons/10-follower-reads/`);
    await pressScenePlay(page);
    await page.waitForSelector('[data-cluster-scene] .cv[data-playing]');
    await page.click('[data-cluster-scene] .cv-play');
    expect(await axe(page)).toEqual([]);
    await context.close();
  });

  it('the view is operable from the keyboard: tabs with arrows, Space plays, arrows step', async () => {
    const { context, page } = await freshPage(browser);
    await openPlayground(page, '?seed=7&n=5');
    const index = () => page.inputValue('.cv [data-scrubber]').then(Number);
    await page.focus('.cv-next');
    const i0 = await index();
    await page.keyboard.press('Enter');
    expect(await index()).toBe(i0 + 1);
    await page.focus('.cv [data-scrubber]');
    await page.keyboard.press('ArrowRight');
    expect(await index()).toBe(i0 + 2);
    // Shortcuts on the view itself.
    await page.focus('.cv-log-scroll');
    await page.keyboard.press('ArrowLeft');
    expect(await index()).toBe(i0 + 1);
    await page.keyboard.press('Space');
    await page.waitForSelector('.cv[data-playing]');
    await page.keyboard.press('Space');
    await page.waitForSelector('.cv:not([data-playing])');
    // Tabs: arrow keys move between Cluster and Space-time.
    await page.focus('.cv [role="tab"][aria-selected="true"]');
    await page.keyboard.press('ArrowRight');
    expect(await page.getAttribute('.cv [role="tab"][aria-selected="true"]', 'id')).toMatch(/tab-st$/);
    expect(await page.isVisible('.cv-st')).toBe(true);
    await page.keyboard.press('ArrowLeft');
    expect(await page.isVisible('.cv-ring')).toBe(true);
    // Every event in the log is a button that jumps there.
    const row = page.locator('.cv-row').nth(3);
    const target = Number(await row.getAttribute('data-index'));
    await row.focus();
    await page.keyboard.press('Enter');
    expect(await index()).toBe(target);
    await context.close();
  });
});

describe('lesson scene', () => {
  it('loads the viewer only when asked and plays the scene with captions', async () => {
    const { context, page, errors } = await freshPage(browser);
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(r.url());
    });
    await page.goto(`${baseURL()}/lessons/05-split-brain-and-partitions/`);
    await page.waitForLoadState('load');
    expect(scripts.some((u) => /\/view\.[\w-]+\.js$/.test(u))).toBe(false);
    await pressScenePlay(page);
    await page.waitForSelector('[data-cluster-scene] .cv[data-playing]');
    expect(scripts.some((u) => /\/view\.[\w-]+\.js$/.test(u))).toBe(true);
    expect(await page.textContent('[data-cluster-scene] .cv-caption')).toMatch(/E1 and E2 in US-East/);
    // Step by key events to the partition: the regions are drawn and named.
    await page.click('[data-cluster-scene] .cv-play');
    for (let i = 0; i < 60 && !(await page.$('[data-cluster-scene] .cv-group')); i++) await page.click('[data-cluster-scene] .cv-next-key');
    expect(await page.$$eval('[data-cluster-scene] .cv-group-label', (l) => l.map((x) => x.textContent).sort())).toEqual(['US-East', 'US-West']);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('with reduced motion, playing jumps from one event to the next, never in between', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    await page.goto(`${baseURL()}/lessons/06-fencing-tokens/`);
    await pressScenePlay(page);
    await page.waitForSelector('[data-cluster-scene] .cv[data-playing]');
    const first = Number(await page.inputValue('[data-cluster-scene] [data-scrubber]'));
    await page.waitForFunction((f) => Number(document.querySelector<HTMLInputElement>('[data-cluster-scene] [data-scrubber]')!.value) > f, first, { timeout: 5000 });
    // Each moment shown is exactly the time of the event shown.
    for (let k = 0; k < 3; k++) {
      const { clock, valuetext } = await page.evaluate(() => ({
        clock: document.querySelector('[data-cluster-scene] .cv-time')!.textContent!,
        valuetext: document.querySelector('[data-cluster-scene] [data-scrubber]')!.getAttribute('aria-valuetext')!,
      }));
      expect(clock.split(' ms')[0]).toBe(/\. ([\d.]+) ms:/.exec(valuetext)![1]);
      await page.waitForTimeout(950);
    }
    await context.close();
  });
});
