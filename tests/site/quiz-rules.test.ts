// Rules that keep the quizzes honest, checked on the built pages (dist/):
// - the correct option is not always at the same place: course-wide, no position (1..k) holds more
//   than 40 % of the correct answers;
// - the correct option is not a giveaway by length or tone: it is strictly the longest, and strictly
//   the most hedged ("may", "usually", "only if"...), in at most 40 % of the choice questions each;
// - the order is decided at build time from ids only (same ids => same order on every build);
// - a numeric question's answer, hint and explanation are not visible before the learner interacts.
// Every rule is also run on a synthetic quiz that breaks it, so each check is shown to be able to fail.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'parse5';
import { describe, expect, it, vi } from 'vitest';
import { quizOrders, type OrderableQuestion } from '../../src/components/quiz-order';
import { DIST, attr, byTag, lessonSources, parseHtml, squash, text, walk, type El } from './helpers';

const MAX_SHARE = 0.4;
const lessons = lessonSources();

// ---- the rules, as pure functions ----

interface Placed {
  where: string;
  /** 1-based position of the correct option as shown. */
  position: number;
  /** Text of each option as shown, and the index (in shown order) of the correct one. */
  texts: string[];
}

/** Correct answers per shown position (index 0 = position 1), course-wide. */
function positionCounts(questions: Placed[]): number[] {
  const counts: number[] = [];
  for (const q of questions) counts[q.position - 1] = (counts[q.position - 1] ?? 0) + 1;
  return Array.from(counts, (c) => c ?? 0);
}

function positionProblems(questions: Placed[]): string[] {
  if (questions.length === 0) return ['no choice questions'];
  return positionCounts(questions).flatMap((c, p) =>
    c / questions.length > MAX_SHARE
      ? [`position ${p + 1} holds ${c} of ${questions.length} correct answers (${pct(c / questions.length)} > ${pct(MAX_SHARE)})`]
      : [],
  );
}

const strictlyLongest = (q: Placed) => q.texts.every((t, i) => i === q.position - 1 || t.length < q.texts[q.position - 1].length);

function lengthProblems(questions: Placed[]): string[] {
  const longest = questions.filter(strictlyLongest);
  return longest.length / questions.length > MAX_SHARE
    ? [`the correct option is strictly the longest in ${longest.length} of ${questions.length} (${pct(longest.length / questions.length)}): ${longest.map((q) => q.where).join(', ')}`]
    : [];
}

// Hedging words: an answer key that always says "usually", "may" or "only if" teaches test-taking, not Raft.
const HEDGES = /\b(may|might|can|could|usually|typically|often|unless|only|roughly|about|likely|possibly|some|if)\b/gi;
const hedges = (t: string) => (t.match(HEDGES) ?? []).length;
const mostHedged = (q: Placed) => q.texts.every((t, i) => i === q.position - 1 || hedges(t) < hedges(q.texts[q.position - 1]));

function hedgeProblems(questions: Placed[]): string[] {
  const hedged = questions.filter(mostHedged);
  return hedged.length / questions.length > MAX_SHARE
    ? [`the correct option is strictly the most hedged in ${hedged.length} of ${questions.length} (${pct(hedged.length / questions.length)})`]
    : [];
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

/** Text a reader can see: no <script>/<style>/<template>, nothing under [hidden]. */
function visibleText(node: El): string {
  if (node.nodeName === '#text') return node.value ?? '';
  if (node.tagName && ['script', 'style', 'template', 'noscript'].includes(node.tagName)) return '';
  if (node.tagName && attr(node, 'hidden') !== undefined) return '';
  return (node.childNodes ?? []).map(visibleText).join('');
}

/** Plain text of a frontmatter string as the page renders it (`code` spans lose their backticks). */
const plain = (s: string) => squash(s.replace(/`/g, ''));

/** What a numeric question shows before any interaction that it should not. */
function numericLeaks(form: El, q: { answer: number; hint: string; explanation: string }): string[] {
  const problems: string[] = [];
  const shown = squash(visibleText(form));
  if (shown.includes(plain(q.explanation))) problems.push('explanation visible');
  if (shown.includes(plain(q.hint))) problems.push('hint visible');
  if (/the answer is/i.test(shown)) problems.push('answer visible');
  const input = byTag(form, 'input').find((i) => attr(i, 'name') === 'answer');
  if (!input) problems.push('no answer input');
  else if ((attr(input, 'value') ?? '') !== '') problems.push('input pre-filled');
  const feedback = [...walk(form)].find((e) => (attr(e, 'class') ?? '').split(/\s+/).includes('q-feedback'));
  if (!feedback) problems.push('no feedback region');
  else {
    if (squash(text(feedback)) !== '') problems.push('feedback not empty');
    if (attr(feedback, 'aria-live') !== 'polite') problems.push('feedback is not a polite live region');
  }
  const reveal = [...walk(form)].find((e) => attr(e, 'data-quiz-reveal') !== undefined);
  if (!reveal) problems.push('no "Show the answer" button');
  else if (attr(reveal, 'hidden') === undefined) problems.push('"Show the answer" visible before a wrong try');
  return problems;
}

// ---- reading the built pages ----

interface BuiltQuestion {
  lessonId: string;
  id: string;
  type: string;
  form: El;
  /** Original option indices, in shown order (choice only). */
  shownOrder: number[];
  labels: string[];
}

function builtQuiz(lessonId: string): { questions: BuiltQuestion[]; key: any[] } {
  const file = join(DIST, 'lessons', lessonId, 'index.html');
  if (!existsSync(file)) throw new Error(`missing ${file}: run npm run build`);
  const quiz = byTag(parseHtml(file), 'course-quiz')[0];
  const json = byTag(quiz, 'script').find((s) => attr(s, 'type') === 'application/json');
  const key = JSON.parse(json ? text(json) : '[]');
  const questions = byTag(quiz, 'form').map((form) => {
    const radios = byTag(form, 'input').filter((i) => attr(i, 'type') === 'radio');
    const labels = radios.map((r) => {
      const label = byTag(form, 'label').find((l) => attr(l, 'for') === attr(r, 'id'));
      return label ? squash(text(label)) : '';
    });
    return {
      lessonId,
      id: attr(form, 'data-qid') ?? '',
      type: attr(form, 'data-type') ?? '',
      form,
      shownOrder: radios.map((r) => Number(attr(r, 'value'))),
      labels,
    };
  });
  return { questions, key };
}

const built = lessons.map((l) => ({ lesson: l, ...builtQuiz(l.id) }));

function placedQuestions(): Placed[] {
  const out: Placed[] = [];
  for (const { lesson, questions, key } of built) {
    for (const q of questions.filter((x) => x.type === 'choice')) {
      const k = key.find((x: any) => x.id === q.id);
      const position = q.shownOrder.findIndex((j) => k.options[j]?.correct === true) + 1;
      out.push({ where: `${lesson.id}#${q.id}`, position, texts: q.labels });
    }
  }
  return out;
}

// ---- tests ----

describe('quiz option order (built pages)', () => {
  const placed = placedQuestions();

  it('every choice question shows each option exactly once, with the correct one among them', () => {
    for (const { lesson, questions } of built) {
      for (const q of questions.filter((x) => x.type === 'choice')) {
        const src = lesson.data.quiz.find((x: any) => x.id === q.id);
        expect([...q.shownOrder].sort((a, b) => a - b), `${lesson.id}#${q.id}`).toEqual(src.options.map((_: unknown, j: number) => j));
        expect(q.labels.every((t) => t.length > 0)).toBe(true);
      }
    }
    expect(placed.every((p) => p.position >= 1)).toBe(true);
  });

  it(`no position holds more than ${pct(MAX_SHARE)} of the correct answers, course-wide`, () => {
    const counts = positionCounts(placed);
    console.log(`quiz positions of the correct answer (1..k): ${counts.join(' / ')} of ${placed.length} = ${counts.map((c) => pct(c / placed.length)).join(' / ')}`);
    expect(positionProblems(placed)).toEqual([]);
  });

  it(`the correct option is strictly the longest in at most ${pct(MAX_SHARE)} of choice questions`, () => {
    const n = placed.filter(strictlyLongest).length;
    console.log(`quiz: correct option strictly longest in ${n} of ${placed.length} choice questions (${pct(n / placed.length)})`);
    expect(lengthProblems(placed)).toEqual([]);
  });

  it(`the correct option is strictly the most hedged in at most ${pct(MAX_SHARE)} of choice questions`, () => {
    const n = placed.filter(mostHedged).length;
    console.log(`quiz: correct option strictly most hedged in ${n} of ${placed.length} choice questions (${pct(n / placed.length)})`);
    expect(hedgeProblems(placed)).toEqual([]);
  });

  it('the shown order is the build-time order computed from the lesson and question ids', () => {
    for (const { lesson, questions } of built) {
      const expected = quizOrders(lesson.id, lesson.data.quiz);
      expect(questions.map((q) => q.shownOrder), lesson.id).toEqual(expected);
    }
  });

  it('the rules fail on a quiz that puts every answer first, or makes it the longest', () => {
    const allFirst: Placed[] = Array.from({ length: 20 }, (_, i) => ({ where: `q${i}`, position: 1, texts: ['the right one, explained at length', 'short', 'brief', 'terse'] }));
    expect(positionProblems(allFirst)).toEqual(['position 1 holds 20 of 20 correct answers (100.0 % > 40.0 %)']);
    expect(lengthProblems(allFirst)).toHaveLength(1);
    const hedgy: Placed[] = Array.from({ length: 10 }, (_, i) => ({ where: `q${i}`, position: 2, texts: ['wrong', 'it may work, usually', 'also wrong'] }));
    expect(hedgeProblems(hedgy)).toHaveLength(1);
    expect(positionProblems(hedgy)).toHaveLength(1);
    // 5 of 12 (41.7 %) at one position is too many; 4 of 12 (33.3 %) is fine.
    const mixed = (atOne: number): Placed[] =>
      Array.from({ length: 12 }, (_, i) => ({ where: `q${i}`, position: i < atOne ? 1 : 2 + (i % 2), texts: ['a', 'b', 'c'] }));
    expect(positionProblems(mixed(5))).toHaveLength(1);
    expect(positionProblems(mixed(4))).toEqual([]);
  });
});

describe('quizOrders (the build-time shuffle)', () => {
  const choice = (id: string, k: number, correct: number) => ({
    id,
    type: 'choice',
    options: Array.from({ length: k }, (_, j) => ({ correct: j === correct })),
  });
  const sample: OrderableQuestion[] = [choice('q1', 4, 0), { id: 'n', type: 'numeric' }, choice('q2', 4, 0), choice('q3', 3, 0), choice('q4', 4, 2)];

  it('is a pure function of the ids: same input, same order, without Math.random or the clock', () => {
    const random = vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('Math.random used');
    });
    const now = vi.spyOn(Date, 'now').mockImplementation(() => {
      throw new Error('Date.now used');
    });
    try {
      const a = quizOrders('lesson-a', sample);
      const b = quizOrders('lesson-a', structuredClone(sample));
      expect(a).toEqual(b);
      expect(a[1]).toEqual([]); // numeric questions have no order
      for (const [i, order] of a.entries()) if (i !== 1) expect([...order].sort()).toEqual(sample[i].options!.map((_o, j: number) => j));
    } finally {
      random.mockRestore();
      now.mockRestore();
    }
  });

  it('depends on the ids: another lesson id gives other orders', () => {
    const orders = new Set(['a', 'b', 'c', 'd', 'e', 'f'].map((id) => JSON.stringify(quizOrders(id, sample))));
    expect(orders.size).toBeGreaterThan(1);
  });

  it('balances where the correct answer lands within a lesson, even when the source always lists it first', () => {
    const quiz = Array.from({ length: 6 }, (_, i) => choice(`q${i}`, 3, 0));
    for (const lessonId of ['x', 'y', 'z']) {
      const positions = quizOrders(lessonId, quiz).map((o) => o.indexOf(0));
      expect(positions.filter((p) => p === 0)).toHaveLength(2);
      expect(positions.filter((p) => p === 1)).toHaveLength(2);
      expect(positions.filter((p) => p === 2)).toHaveLength(2);
    }
  });
});

describe('numeric questions before interaction', () => {
  it('show no answer, hint or explanation in the built HTML, and offer "Show the answer" only later', () => {
    let numeric = 0;
    for (const { lesson, questions } of built) {
      for (const q of questions.filter((x) => x.type === 'numeric')) {
        numeric++;
        const src = lesson.data.quiz.find((x: any) => x.id === q.id);
        expect(numericLeaks(q.form, src), `${lesson.id}#${q.id}`).toEqual([]);
      }
    }
    expect(numeric).toBeGreaterThan(0);
  });

  it('the leak check catches an explanation or hint printed on the page', () => {
    const q = { answer: 3, hint: 'Count the voters that must agree.', explanation: 'The majority of 5 is `3`, so two may fail.' };
    const form = (inner: string) =>
      byTag(parse(`<form>${inner}<input name="answer"><div class="q-feedback" aria-live="polite"></div><button data-quiz-reveal hidden>Show</button></form>`) as unknown as El, 'form')[0];
    expect(numericLeaks(form(''), q)).toEqual([]);
    expect(numericLeaks(form('<p>The majority of 5 is <code>3</code>, so two may fail.</p>'), q)).toEqual(['explanation visible']);
    expect(numericLeaks(form('<p>Count the voters that must agree.</p>'), q)).toEqual(['hint visible']);
    expect(numericLeaks(form('<p hidden>Count the voters that must agree.</p>'), q)).toEqual([]);
  });
});

describe('quiz content across the course', () => {
  it('no two questions in the course share a prompt', () => {
    const seen = new Map<string, string>();
    const dupes: string[] = [];
    for (const l of lessons) {
      for (const q of l.data.quiz as any[]) {
        const p = squash(String(q.prompt).toLowerCase());
        if (seen.has(p)) dupes.push(`${l.id}#${q.id} repeats ${seen.get(p)}`);
        else seen.set(p, `${l.id}#${q.id}`);
      }
    }
    expect(dupes).toEqual([]);
  });
});
