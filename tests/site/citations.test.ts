// Every "§N.N", "figure N" and "ch. N" citation in the lessons, the exercise statements, the hidden suites'
// rule references, the diagrams and the scene captions must point at a section (figure, chapter) that exists
// in the cited source. The source is the one named nearest before the citation in the same sentence
// ("dissertation §6.4", "Paxos Made Simple, §2.2") or right after it ("§9.3 of the dissertation");
// a citation that names none is a citation of the Raft paper. Outlines: tests/site/source-outlines.ts.
// Reads sources only, so it runs without a built site.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXERCISES_DIR, LESSONS_DIR, ROOT, walkFiles } from './helpers';
import { DEFAULT_SOURCE, SOURCES, type SourceOutline } from './source-outlines';

export interface Citation {
  where: string;
  kind: 'section' | 'figure' | 'chapter';
  number: string;
  source: SourceOutline | null;
  text: string;
}

// "§5.4.1", "§ 9", "§§5.2" ; "figure 2", "Figure 13", "fig. 4" ; "ch. 9", "chapter 4".
const CITATION = /§+\s?(\d+(?:\.\d+)*)|\b(?:figures?|fig\.)\s+(\d+)(?![.\d]*\d)|\b(?:ch\.|chapters?)\s+(\d+)\b/gi;

/** The start of the sentence that holds `index`: after the last ". X", "! X", "? X" or line break before it. */
function sentenceStart(line: string, index: number): number {
  let start = 0;
  const boundary = /[.!?;]\s+(?=[A-Z*_"'`(\[>])|\n/g;
  for (let m = boundary.exec(line); m && m.index < index; m = boundary.exec(line)) start = m.index + m[0].length;
  return start;
}

/** The source a citation at `index` of `line` refers to. */
export function sourceOf(line: string, index: number, length: number): SourceOutline | null {
  // "§9.3 of the dissertation", "figure 4 of the Raft paper"
  const after = line.slice(index + length, index + length + 60);
  const of = after.match(/^\s+(?:of|in)\s+(?:the\s+|Ongaro's\s+|Lamport's\s+)?([^,;.)]*)/i);
  if (of) {
    for (const s of SOURCES) if (s.keywords.test(of[1])) return s;
  }
  // Otherwise the source whose name starts last before it, in the same sentence. The name may run into the
  // citation itself ("Raft §5.2", "Raft figure 2"), so search up to the end of the citation.
  const start = sentenceStart(line, index);
  const before = line.slice(start, index + length);
  let best: { source: SourceOutline; at: number } | null = null;
  for (const s of SOURCES) {
    const re = new RegExp(s.keywords.source, 'gi');
    for (let m = re.exec(before); m; m = re.exec(before)) {
      if (start + m.index >= index) break;
      if (!best || m.index > best.at) best = { source: s, at: m.index };
    }
  }
  return best?.source ?? null;
}

export function citationsIn(text: string, where: string): Citation[] {
  const out: Citation[] = [];
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(CITATION)) {
      const kind = m[1] ? 'section' : m[2] ? 'figure' : 'chapter';
      const number = (m[1] ?? m[2] ?? m[3]).replace(/\.$/, '');
      const named = sourceOf(line, m.index!, m[0].length);
      // A chapter needs a named source ("ch. 9" alone is ambiguous); sections and figures default to Raft.
      const source = named ?? (kind === 'chapter' ? null : DEFAULT_SOURCE);
      if (kind === 'chapter' && !source) continue;
      out.push({ where: `${where}:${i + 1}`, kind, number, source, text: m[0] });
    }
  });
  return out;
}

/** A message for every citation that does not exist in its source's outline. */
export function badCitations(cites: Citation[]): string[] {
  const bad: string[] = [];
  for (const c of cites) {
    const s = c.source!;
    const ok =
      c.kind === 'section'
        ? s.sections.includes(c.number)
        : c.kind === 'figure'
          ? s.figures.includes(c.number)
          : Number(c.number) >= 1 && Number(c.number) <= s.chapters;
    if (!ok) bad.push(`${c.where}: "${c.text}" is not a ${c.kind} of ${s.name}`);
  }
  return bad;
}

const files = [
  ...walkFiles(LESSONS_DIR, (p) => p.endsWith('.mdx')),
  ...walkFiles(EXERCISES_DIR, (p) => p.endsWith('README.md')),
  ...walkFiles(join(ROOT, 'src', 'engine', 'suites'), (p) => p.endsWith('.ts')),
  ...walkFiles(join(ROOT, 'src', 'components', 'diagrams'), (p) => p.endsWith('.astro')),
  join(ROOT, 'src', 'client', 'cluster', 'scenes.ts'),
];
const cites = files.flatMap((f) => citationsIn(readFileSync(f, 'utf8'), relative(ROOT, f)));

describe('citations of papers', () => {
  it('finds the citations it should (lessons, exercise statements and suites all cite the paper)', () => {
    expect(cites.length).toBeGreaterThan(100);
    for (const dir of ['lessons/', 'exercises/', 'src/engine/suites/']) {
      expect(cites.some((c) => c.where.startsWith(dir)), dir).toBe(true);
    }
  });

  it('every §, figure and chapter cited exists in the cited source', () => {
    expect(badCitations(cites)).toEqual([]);
  });

  it('attributes a citation to the source named nearest before it, or after it with "of the …"', () => {
    const one = (s: string) => citationsIn(s, 'x').map((c) => `${c.source?.name.split(' ')[0]} ${c.number}`);
    expect(one('see (§5.6)')).toEqual(['the 5.6']);
    expect(one('ReadIndex (paper §8; the procedure of the dissertation, §6.4)')).toEqual(['the 8', "Ongaro's 6.4"]);
    expect(one('§5.2, §9.3 of the dissertation')).toEqual(['the 5.2', "Ongaro's 9.3"]);
    expect(one('The dissertation adds a rule. Raft then needs it (§5.2).')).toEqual(['the 5.2']);
    expect(one('Paxos Made Simple, §2.2')).toEqual(['Paxos 2.2']);
    expect(one('Spanner (OSDI 2012, §4.2.1)')).toEqual(['the 4.2.1']);
    expect(one('DDIA ch. 9 and ch. 8')).toEqual(['Designing 9', 'Designing 8']);
  });

  it('fails on made-up numbers (the check can fail)', () => {
    const bad = (s: string) => badCitations(citationsIn(s, 'x'));
    expect(bad('Raft §12.7')).toHaveLength(1);
    expect(bad('the timer rule (§12.7)')).toHaveLength(1);
    expect(bad('§9.4 of the Raft paper')).toHaveLength(1);
    expect(bad('Raft figure 17')).toHaveLength(1);
    expect(bad('dissertation §9.8')).toHaveLength(1);
    expect(bad('dissertation ch. 13')).toHaveLength(1);
    expect(bad('Paxos Made Simple §2.6')).toHaveLength(1);
    expect(bad('Raft §5.4.1, figure 2, §9.3; dissertation §9.6, ch. 10')).toEqual([]);
  });
});
