// Lesson diagrams are accessible and themable: every <svg role="img"> in a lesson's figures is named by a
// <title> and described by a real <desc> inside it, the figure has a caption, ids on a page are unique (two
// diagrams sharing an id would point aria-labelledby at the wrong text), and diagram styles colour only
// through CSS variables, so light and dark themes both apply. Also: the membership-change and consistency
// lessons really show their diagrams.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'parse5';
import { beforeAll, describe, expect, it } from 'vitest';
import { DIST, ROOT, all, attr, byTag, lessonSources, parseHtml, requireDist, squash, text, walkFiles, type El } from './helpers';

beforeAll(requireDist);

const lessons = lessonSources();
const page = (id: string) => parseHtml(join(DIST, 'lessons', id, 'index.html'));

/** Problems with the figures of one parsed page; empty when every diagram is named, described and captioned. */
function diagramProblems(doc: El): string[] {
  const problems: string[] = [];
  const ids = all(doc, (e) => attr(e, 'id') !== undefined).map((e) => attr(e, 'id')!);
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) problems.push(`duplicate id "${id}"`);
    seen.add(id);
  }
  for (const fig of byTag(doc, 'figure')) {
    for (const svg of all(fig, (e) => e.tagName === 'svg' && attr(e, 'role') === 'img')) {
      const refs = (attr(svg, 'aria-labelledby') ?? '').split(/\s+/).filter(Boolean);
      const named = refs.map((r) => all(svg, (e) => attr(e, 'id') === r)[0]);
      const where = refs[0] ?? '(unnamed svg)';
      if (refs.length === 0) problems.push(`${where}: no aria-labelledby`);
      if (named.some((e) => !e)) problems.push(`${where}: aria-labelledby points outside the svg or at nothing`);
      const title = named.find((e) => e?.tagName === 'title');
      const desc = named.find((e) => e?.tagName === 'desc');
      if (!title || squash(text(title)).length < 10) problems.push(`${where}: no <title> among its labels`);
      if (!desc || squash(text(desc)).length < 80) problems.push(`${where}: no real <desc> (80+ characters) among its labels`);
    }
    const caption = byTag(fig, 'figcaption')[0];
    if (all(fig, (e) => e.tagName === 'svg').length > 0 && (!caption || squash(text(caption)).length < 20))
      problems.push('a figure with an svg has no caption');
  }
  return problems;
}

/** Colour declarations in a component's <style> that bypass the theme's CSS variables. */
function hardCodedColours(source: string): string[] {
  const style = source.match(/<style[^>]*>([\s\S]*?)<\/style>/)?.[1] ?? '';
  const out: string[] = [];
  for (const m of style.matchAll(/(?:^|[;{\s])(fill|stroke|color)\s*:\s*([^;}]+)/g)) {
    const value = m[2].trim();
    if (!/^(var\(|url\(|none\b|currentColor\b|inherit\b|transparent\b)/.test(value)) out.push(`${m[1]}: ${value}`);
  }
  return out;
}

describe('lesson diagrams', () => {
  it.each(lessons.map((l) => [l.id] as const))('%s: every diagram is named, described and captioned', (id) => {
    expect(diagramProblems(page(id))).toEqual([]);
  });

  it('the checks can fail (an unnamed svg, a missing desc, a duplicate id, a raw colour)', () => {
    const bad = parseHtmlString(
      '<main><figure><svg role="img" aria-labelledby="t"><title id="t">A picture of two things</title></svg></figure>' +
        '<figure><svg role="img"></svg><figcaption>A caption long enough</figcaption></figure><p id="t"></p></main>',
    );
    const problems = diagramProblems(bad);
    expect(problems.some((p) => p.includes('no real <desc>'))).toBe(true);
    expect(problems.some((p) => p.includes('no aria-labelledby'))).toBe(true);
    expect(problems.some((p) => p.includes('duplicate id'))).toBe(true);
    expect(problems.some((p) => p.includes('no caption'))).toBe(true);
    expect(hardCodedColours('<style>.a { fill: #fff; stroke: var(--x, #000); }</style>')).toEqual(['fill: #fff']);
  });

  const components = walkFiles(join(ROOT, 'src/components/diagrams'), (p) => /[\\/]L(08b|10b)[^\\/]*\.astro$/.test(p));

  it('the membership-change and consistency diagrams exist', () => {
    expect(components.length).toBeGreaterThanOrEqual(5);
  });

  it.each(components.map((f) => [f.split(/[\\/]/).pop()!, f] as const))('%s colours only through CSS variables', (_name, file) => {
    expect(hardCodedColours(readFileSync(file, 'utf8'))).toEqual([]);
  });

  // Found by title, so renumbering the lesson files does not break this.
  it.each([
    ['Changing the cluster', ['l08b-dm-title', 'l08b-jt-title', 'l08b-bug-title']],
    ['Consistency models and quorum systems', ['l10b-h-title', 'l10b-q-title']],
  ] as const)('"%s" shows its diagrams', (title, ids) => {
    const lesson = lessons.find((l) => l.data.title === title);
    expect(lesson, `a lesson titled "${title}"`).toBeDefined();
    const doc = page(lesson!.id);
    for (const t of ids) expect(all(doc, (e) => attr(e, 'id') === t).length, t).toBe(1);
  });
});

function parseHtmlString(html: string): El {
  return parse(html) as unknown as El; // the same parser helpers.parseHtml uses for files
}
