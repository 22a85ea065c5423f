// The lesson quiz in a real browser: options in their build-time order on every visit, answered with
// the keyboard alone, feedback in a live region, saved answers that keep their meaning (the stored value
// is the option's original index, whatever its shown position), and numeric questions that give a
// hint first and the worked answer only after a second miss or on request. axe checks the quiz with its
// feedback showing, in both themes.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseURL, freshPage, launch, read } from './helpers';

let browser: Browser;
const AXE = read('node_modules/axe-core/axe.min.js');
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const CHOICE_LESSON = '05-split-brain-and-partitions';
const NUMERIC_LESSON = '02-quorum-math';
const lessonURL = (id: string) => `${baseURL()}/lessons/${id}/`;

async function openQuiz(page: Page, id: string): Promise<void> {
  await page.goto(lessonURL(id));
  await page.waitForSelector('course-quiz[data-ready]');
}

/** The first question's options as shown: original index (radio value), label, and whether it is correct. */
async function firstQuestion(page: Page) {
  return page.evaluate(() => {
    const quiz = document.querySelector('course-quiz')!;
    const key = JSON.parse(quiz.querySelector('script[type="application/json"]')!.textContent!);
    const form = quiz.querySelector<HTMLFormElement>('form[data-qid]')!;
    const q = key.find((k: any) => k.id === form.dataset.qid);
    return {
      qid: form.dataset.qid!,
      options: [...form.querySelectorAll<HTMLInputElement>('input[type="radio"]')].map((r) => ({
        value: r.value,
        label: document.querySelector(`label[for="${r.id}"]`)!.textContent!.trim(),
        correct: q.options[Number(r.value)].correct as boolean,
      })),
    };
  });
}

const feedback = (page: Page, n = 0) =>
  page.evaluate((i) => document.querySelectorAll<HTMLElement>('course-quiz .q-feedback')[i]!.textContent!.replace(/\s+/g, ' ').trim(), n);

async function axe(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const result = await (window as any).axe.run(document.querySelector('.quiz'), { resultTypes: ['violations'] });
    return result.violations.filter((v: any) => v.impact === 'serious' || v.impact === 'critical').map((v: any) => `${v.id}: ${v.help}`);
  });
}

describe('choice questions', () => {
  it('show the same order on every visit, answered by keyboard, with the original index saved', async () => {
    const { context, page, errors } = await freshPage(browser);
    await openQuiz(page, CHOICE_LESSON);
    const first = await firstQuestion(page);
    const correctAt = first.options.findIndex((o) => o.correct);
    expect(correctAt).toBeGreaterThanOrEqual(0);

    // Keyboard only: Tab into the first radio group, arrow to a wrong option, Tab to Check, Enter.
    await page.focus('course-quiz form[data-qid] input[type="radio"]');
    const wrongAt = correctAt === 0 ? 1 : 0;
    for (let i = 0; i < wrongAt; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space'); // focusing a radio does not select it; arrows do, Space does too
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).checked)).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.matches('button[type="submit"]'))).toBe(true);
    await page.keyboard.press('Enter');
    expect(await feedback(page)).toMatch(/^Not quite\./);
    expect(await page.getAttribute('course-quiz .q-feedback >> nth=0', 'aria-live')).toBe('polite');

    // Now the right one: back into the group, arrow to the correct option (arrows wrap), check.
    await page.focus(`course-quiz form[data-qid] input[type="radio"][value="${first.options[wrongAt].value}"]`);
    const steps = (correctAt - wrongAt + first.options.length) % first.options.length;
    for (let i = 0; i < steps; i++) await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe(first.options[correctAt].value);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await feedback(page)).toMatch(/^Correct\./);

    const stored = await page.evaluate((id) => JSON.parse(localStorage.getItem(`course:v1:quiz:${id}`)!), CHOICE_LESSON);
    expect(stored.answers[first.qid]).toMatchObject({ value: first.options[correctAt].value, correct: true, everCorrect: true });

    // A second visit: same order, the saved choice restored and re-checked.
    await openQuiz(page, CHOICE_LESSON);
    const again = await firstQuestion(page);
    expect(again.options.map((o) => o.label)).toEqual(first.options.map((o) => o.label));
    expect(await page.isChecked(`course-quiz form[data-qid] input[type="radio"][value="${first.options[correctAt].value}"]`)).toBe(true);
    expect(await feedback(page)).toMatch(/^Correct\./);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a record saved before the shuffle (value = source index) restores the same option', async () => {
    const { context, page } = await freshPage(browser);
    // q1 of lesson 05 kept its source order: option 0 is the correct one.
    await page.addInitScript((id) => {
      localStorage.setItem(
        `course:v1:quiz:${id}`,
        JSON.stringify({ answers: { q1: { value: '0', correct: true, everCorrect: true } }, correct: 1, total: 6, passed: false, updatedAt: '2026-01-01T00:00:00.000Z' }),
      );
    }, CHOICE_LESSON);
    await openQuiz(page, CHOICE_LESSON);
    const first = await firstQuestion(page);
    expect(first.qid).toBe('q1');
    const checked = await page.evaluate(() => document.querySelector<HTMLInputElement>('course-quiz form[data-qid="q1"] input:checked')?.value);
    expect(checked).toBe('0');
    expect(first.options.find((o) => o.value === '0')!.correct).toBe(true);
    expect(await feedback(page)).toMatch(/^Correct\./);
    await context.close();
  });
});

describe('numeric questions', () => {
  const input = 'course-quiz form[data-qid="q1"] input[name="answer"]';
  const reveal = 'course-quiz form[data-qid="q1"] [data-quiz-reveal]';

  it('a first miss shows the hint, not the answer; a second miss shows the worked answer', async () => {
    const { context, page, errors } = await freshPage(browser);
    await openQuiz(page, NUMERIC_LESSON);
    expect(await page.isVisible(reveal)).toBe(false);

    await page.focus(input);
    await page.keyboard.type('3');
    await page.keyboard.press('Enter');
    let said = await feedback(page);
    expect(said).toMatch(/^Not quite\. Hint:/);
    expect(said).not.toMatch(/answer is|floor\(7\/2\)/);
    expect(said).not.toContain('4');
    expect(await page.isVisible(reveal)).toBe(true);

    await page.fill(input, '5');
    await page.keyboard.press('Enter');
    said = await feedback(page);
    expect(said).toMatch(/^Not quite\. The answer is 4 nodes\./);
    expect(said).toContain('floor(7/2) + 1');
    expect(await page.isVisible(reveal)).toBe(false);

    await page.fill(input, '4');
    await page.keyboard.press('Enter');
    expect(await feedback(page)).toMatch(/^Correct\. floor\(7\/2\)/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('"Show the answer" reveals it on request, from the keyboard, and keeps focus in the question', async () => {
    const { context, page } = await freshPage(browser);
    await openQuiz(page, NUMERIC_LESSON);
    await page.focus(input);
    await page.keyboard.type('7');
    await page.keyboard.press('Enter');
    expect(await feedback(page)).toMatch(/^Not quite\. Hint:/);
    // Tab from the input: Check, then Show the answer.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-quiz-reveal'))).toBe(true);
    await page.keyboard.press('Enter');
    expect(await feedback(page)).toMatch(/^Answer shown\. The answer is 4 nodes\./);
    expect(await page.evaluate((s) => document.activeElement === document.querySelector(s), input)).toBe(true);
    // Revealing is not answering: the question still needs a correct answer to count.
    const stored = await page.evaluate((id) => JSON.parse(localStorage.getItem(`course:v1:quiz:${id}`)!), NUMERIC_LESSON);
    expect(stored.answers.q1).toMatchObject({ value: '7', correct: false, everCorrect: false });

    // Reset hides everything again.
    await page.click('[data-quiz-reset]');
    expect(await feedback(page)).toBe('');
    expect(await page.isVisible(reveal)).toBe(false);
    await context.close();
  });

  it('a saved wrong answer comes back with the hint only', async () => {
    const { context, page } = await freshPage(browser);
    await page.addInitScript((id) => {
      localStorage.setItem(
        `course:v1:quiz:${id}`,
        JSON.stringify({ answers: { q1: { value: '3', correct: false, everCorrect: false } }, correct: 0, total: 6, passed: false, updatedAt: '2026-01-01T00:00:00.000Z' }),
      );
    }, NUMERIC_LESSON);
    await openQuiz(page, NUMERIC_LESSON);
    expect(await page.inputValue(input)).toBe('3');
    const said = await feedback(page);
    expect(said).toMatch(/^Not quite\. Hint:/);
    expect(said).not.toMatch(/answer is/);
    await context.close();
  });
});

describe('accessibility of the quiz with feedback showing', () => {
  it.each(['light', 'dark'])('axe finds no serious or critical violation (%s theme)', async (theme) => {
    const { context, page } = await freshPage(browser);
    await page.addInitScript((t) => localStorage.setItem('course:v1:theme', t), theme);
    await openQuiz(page, NUMERIC_LESSON);
    await page.fill(input('q1'), '3');
    await page.press(input('q1'), 'Enter');
    await page.click('course-quiz form[data-type="choice"] .quiz-option label');
    await page.click('course-quiz form[data-type="choice"] button[type="submit"]');
    expect(await axe(page)).toEqual([]);
    await page.click('course-quiz form[data-qid="q1"] [data-quiz-reveal]');
    expect(await axe(page)).toEqual([]);
    await context.close();
  });
});

function input(qid: string): string {
  return `course-quiz form[data-qid="${qid}"] input[name="answer"]`;
}
