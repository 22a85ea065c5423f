// Lessons are numbered by their position in the sidebar, which shifts whenever a lesson is inserted.
// So prose may say "Lesson 4" only as a link to the lesson that really is 4th, and lesson bodies refer
// to other lessons by name ("[Quorum math](/lessons/02-quorum-math/)"), never by a bare number.
// Reads sources only, so it runs without a built site.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { byOrder, exerciseSources, lessonSources } from './helpers';

const lessons = lessonSources().sort(byOrder);
const position = new Map(lessons.map((l, i) => [l.id, i + 1]));

/** The text after the frontmatter (quizzes live in the frontmatter and are checked elsewhere). */
const body = (file: string) => readFileSync(file, 'utf8').replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n/, '');

/** "[Lesson 4](/lessons/x/)" or "Lessons [4](/lessons/x/)" whose number is not x's position in the sidebar. */
export function wrongNumberedLinks(text: string, pos: Map<string, number>): string[] {
  const bad: string[] = [];
  for (const m of text.matchAll(/\[(?:lessons? )?(\d+)\]\(\/lessons\/([^/)#]+)\/?[^)]*\)/gi)) {
    if (pos.get(m[2]) !== Number(m[1])) bad.push(`${m[0]} (that lesson is number ${pos.get(m[2]) ?? 'none'})`);
  }
  return bad;
}

/** "lesson 5" outside a link: a number nothing keeps up to date. */
export function bareNumbers(text: string): string[] {
  return [...text.replace(/\[lessons? \d+\]\([^)]*\)/gi, '').matchAll(/\blessons? \d+\b/gi)].map((m) => m[0]);
}

describe('references to other lessons', () => {
  it('there are lessons to check', () => {
    expect(lessons.length).toBeGreaterThan(5);
  });

  it.each(lessons.map((l) => [l.id, l.file] as const))('%s: no bare "lesson N", and every "[Lesson N](…)" link is the Nth lesson', (_id, file) => {
    const text = body(file);
    expect(bareNumbers(text)).toEqual([]);
    expect(wrongNumberedLinks(text, position)).toEqual([]);
  });

  it('exercise statements number their lesson links correctly', () => {
    for (const e of exerciseSources()) expect(wrongNumberedLinks(body(e.file), position), e.id).toEqual([]);
  });

  it('the checks can fail', () => {
    const pos = new Map([['02-quorum-math', 2], ['05-split-brain-and-partitions', 6]]);
    expect(wrongNumberedLinks('[Lesson 5](/lessons/05-split-brain-and-partitions/)', pos)).toHaveLength(1);
    expect(wrongNumberedLinks('[Lesson 2](/lessons/02-quorum-math/#majority-exactly)', pos)).toEqual([]);
    expect(wrongNumberedLinks('Lessons [2](/lessons/02-quorum-math/) and [5](/lessons/05-split-brain-and-partitions/)', pos)).toHaveLength(1);
    expect(bareNumbers('as lesson 5 shows, and [lesson 2](/lessons/02-quorum-math/)')).toEqual(['lesson 5']);
  });
});
