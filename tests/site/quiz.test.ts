// Every lesson quiz has a valid answer key, and quorum facts agree with src/engine/quorum.ts.
// Rule: a choice question is a radio group, so it has EXACTLY ONE correct option.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { faultTolerance, majority } from '../../src/engine/quorum';
import { numericMatches, parseNumber } from '../../src/client/answers';
import { DIST, attr, byTag, lessonSources, parseHtml, text } from './helpers';

const lessons = lessonSources();
const quorumFn = { majority, faultTolerance } as const;

/** Problems with one lesson's quiz; empty when it is valid. */
function quizProblems(quiz: unknown): string[] {
  const problems: string[] = [];
  if (!Array.isArray(quiz) || quiz.length === 0) return ['quiz is missing or empty'];
  const ids = new Set<string>();
  for (const [i, q] of quiz.entries()) {
    const where = `question ${i + 1} (${q?.id ?? 'no id'})`;
    if (typeof q?.id !== 'string' || q.id === '') problems.push(`${where}: no id`);
    else if (ids.has(q.id)) problems.push(`${where}: duplicate id`);
    else ids.add(q.id);
    if (typeof q?.prompt !== 'string' || q.prompt.trim() === '') problems.push(`${where}: no prompt`);
    if (q?.type === 'choice') {
      const options = Array.isArray(q.options) ? q.options : [];
      if (options.length < 2) problems.push(`${where}: fewer than 2 options`);
      const correct = options.filter((o: any) => o?.correct === true).length;
      if (correct !== 1) problems.push(`${where}: ${correct} correct options (need exactly 1)`);
      for (const [j, o] of options.entries()) {
        if (typeof o?.text !== 'string' || o.text.trim() === '') problems.push(`${where} option ${j + 1}: no text`);
        if (typeof o?.explanation !== 'string' || o.explanation.trim().length < 10)
          problems.push(`${where} option ${j + 1}: no explanation`);
      }
      const texts = options.map((o: any) => String(o?.text).trim().toLowerCase());
      if (new Set(texts).size !== texts.length) problems.push(`${where}: duplicate option texts`);
    } else if (q?.type === 'numeric') {
      if (typeof q.answer !== 'number' || !Number.isFinite(q.answer)) problems.push(`${where}: answer is not a finite number`);
      if (typeof q.explanation !== 'string' || q.explanation.trim().length < 10) problems.push(`${where}: no explanation`);
      // A wrong answer shows the hint first, so the hint must exist and must not simply be the explanation.
      if (typeof q.hint !== 'string' || q.hint.trim().length < 10) problems.push(`${where}: no hint`);
      else if (q.hint.trim() === String(q.explanation).trim()) problems.push(`${where}: hint repeats the explanation`);
      if (q.quorum !== undefined) {
        const fn = quorumFn[q.quorum?.fn as keyof typeof quorumFn];
        if (!fn) problems.push(`${where}: unknown quorum fn ${q.quorum?.fn}`);
        else {
          const expected = fn(q.quorum.n);
          if (q.answer !== expected) problems.push(`${where}: answer ${q.answer} but ${q.quorum.fn}(${q.quorum.n}) = ${expected}`);
        }
      }
    } else problems.push(`${where}: unknown type ${q?.type}`);
  }
  return problems;
}

describe('quiz answer keys', () => {
  it('there are lessons with quizzes', () => {
    expect(lessons.length).toBeGreaterThan(0);
  });

  it.each(lessons.map((l) => [l.id, l] as const))('%s: every question has a valid key and explanations', (_id, l) => {
    expect(quizProblems(l.data.quiz)).toEqual([]);
  });

  it.each(lessons.map((l) => [l.id, l] as const))('%s: the built page ships the same answer key', (id, l) => {
    const file = join(DIST, 'lessons', id, 'index.html');
    if (!existsSync(file)) throw new Error(`missing ${file}: run npm run build`);
    const quiz = byTag(parseHtml(file), 'course-quiz')[0];
    const json = byTag(quiz, 'script').find((s) => attr(s, 'type') === 'application/json');
    const raw = json ? text(json) : '';
    expect(raw, 'answer key JSON in <course-quiz>').not.toBe('');
    const key = JSON.parse(raw);
    expect(key.map((k: any) => k.id)).toEqual(l.data.quiz.map((q: any) => q.id));
    for (const [i, q] of (l.data.quiz as any[]).entries()) {
      if (q.type === 'choice') expect(key[i].options.map((o: any) => o.correct)).toEqual(q.options.map((o: any) => o.correct === true));
      else {
        expect(key[i].answer).toBe(q.answer);
        expect(key[i].hint, `${id}#${q.id} hint in the key`).toEqual(expect.any(String));
      }
    }
  });

  it('the validator rejects broken keys (so the checks above can fail)', () => {
    const opt = (correct: boolean) => ({ text: `t${Math.random()}`, correct, explanation: 'because of reasons' });
    expect(quizProblems([{ id: 'a', type: 'choice', prompt: 'p', options: [opt(false), opt(false)] }])).toHaveLength(1);
    expect(quizProblems([{ id: 'a', type: 'choice', prompt: 'p', options: [opt(true), opt(true)] }])).toHaveLength(1);
    const hint = 'think about it first';
    expect(quizProblems([{ id: 'a', type: 'numeric', prompt: 'p', answer: Number.NaN, hint, explanation: 'because of reasons' }])).toHaveLength(1);
    expect(
      quizProblems([{ id: 'a', type: 'numeric', prompt: 'p', answer: 3, hint, explanation: 'because of reasons', quorum: { fn: 'faultTolerance', n: 5 } }]),
    ).toEqual(['question 1 (a): answer 3 but faultTolerance(5) = 2']);
    expect(
      quizProblems([{ id: 'a', type: 'numeric', prompt: 'p', answer: 3, hint, explanation: 'because of reasons', quorum: { fn: 'majority', n: 5 } }]),
    ).toEqual([]);
    expect(quizProblems([{ id: 'a', type: 'numeric', prompt: 'p', answer: 3, explanation: 'because of reasons' }])).toEqual(['question 1 (a): no hint']);
    expect(
      quizProblems([{ id: 'a', type: 'numeric', prompt: 'p', answer: 3, hint: 'because of reasons', explanation: 'because of reasons' }]),
    ).toEqual(['question 1 (a): hint repeats the explanation']);
  });
});

describe('numeric answers typed by learners', () => {
  it('parses what people type', () => {
    expect(parseNumber('3')).toBe(3);
    expect(parseNumber(' 3.0 ')).toBe(3);
    expect(parseNumber('1,5')).toBe(1.5);
    expect(parseNumber('10,000')).toBe(10000);
    expect(parseNumber('2 nodes')).toBe(2);
    expect(parseNumber('-1')).toBe(-1);
    expect(parseNumber('.5')).toBe(0.5);
    expect(parseNumber('')).toBeNull();
    expect(parseNumber('three')).toBeNull();
  });

  it('compares with a relative tolerance only for floating-point noise', () => {
    expect(numericMatches(0.1 + 0.2, 0.3)).toBe(true);
    expect(numericMatches(3, 3)).toBe(true);
    expect(numericMatches(2, 3)).toBe(false);
    expect(numericMatches(2.999, 3)).toBe(false);
  });
});
