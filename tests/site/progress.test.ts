// src/client/progress.ts against an in-memory localStorage: versioned keys, pass rule, listing, reset.
import { beforeEach, describe, expect, it } from 'vitest';

class MemoryStorage implements Storage {
  private m = new Map<string, string>();
  get length() {
    return this.m.size;
  }
  clear() {
    this.m.clear();
  }
  getItem(k: string) {
    return this.m.has(k) ? this.m.get(k)! : null;
  }
  key(i: number) {
    return [...this.m.keys()][i] ?? null;
  }
  removeItem(k: string) {
    this.m.delete(k);
  }
  setItem(k: string, v: string) {
    this.m.set(k, String(v));
  }
}

const store = new MemoryStorage();
(globalThis as any).localStorage = store;
const P = await import('../../src/client/progress');

beforeEach(() => store.clear());

describe('progress storage', () => {
  it('uses versioned keys', () => {
    expect(P.quizKey('01-why-one-leader')).toBe('course:v1:quiz:01-why-one-leader');
    expect(P.solvedKey('01-quorum')).toBe('course:v1:solved:01-quorum');
    expect(P.codeKey('01-quorum')).toBe('course:v1:code:01-quorum');
  });

  it('a lesson passes once every question was answered correctly at least once', () => {
    const ids = ['q1', 'q2'];
    let r = P.writeQuiz('l1', { q1: { value: '0', correct: true, everCorrect: true } }, ids);
    expect(r).toMatchObject({ correct: 1, total: 2, passed: false });
    expect(P.isLessonPassed('l1')).toBe(false);
    r = P.writeQuiz(
      'l1',
      { q1: { value: '1', correct: false, everCorrect: true }, q2: { value: '3', correct: true, everCorrect: true } },
      ids,
    );
    expect(r).toMatchObject({ correct: 2, total: 2, passed: true });
    expect(P.isLessonPassed('l1')).toBe(true);
    const stored = JSON.parse(store.getItem('course:v1:quiz:l1')!);
    expect(Object.keys(stored).sort()).toEqual(['answers', 'correct', 'passed', 'total', 'updatedAt']);
    expect(P.readQuiz('l1')?.answers.q1.value).toBe('1');
  });

  it('ignores answers to questions the quiz no longer has', () => {
    const r = P.writeQuiz('l2', { gone: { value: '0', correct: true, everCorrect: true } }, ['q1']);
    expect(r).toMatchObject({ correct: 0, total: 1, passed: false, answers: {} });
  });

  it('survives corrupt records', () => {
    store.setItem('course:v1:quiz:l3', '{not json');
    expect(P.readQuiz('l3')).toBeNull();
    expect(P.isLessonPassed('l3')).toBe(false);
  });

  it('marks exercises solved and lists every progress key; reset keeps saved code', () => {
    P.markSolved('01-quorum');
    P.writeCode('01-quorum', 'export const x = 1;');
    P.writeQuiz('l1', {}, ['q1']);
    store.setItem('course:v1:theme', 'dark');
    store.setItem('unrelated', 'x');
    expect(P.isExerciseSolved('01-quorum')).toBe(true);
    expect(P.isExerciseSolved('02-request-vote')).toBe(false);
    expect(P.progressKeys().map((k) => `${k.kind}:${k.id}`)).toEqual(['code:01-quorum', 'quiz:l1', 'solved:01-quorum']);
    P.clearAllProgress();
    expect(P.progressKeys().map((k) => k.key)).toEqual(['course:v1:code:01-quorum']);
    expect(P.readCode('01-quorum')).toBe('export const x = 1;');
    expect(store.getItem('course:v1:theme')).toBe('dark');
    P.markSolved('01-quorum', false);
    expect(P.isExerciseSolved('01-quorum')).toBe(false);
  });
});
