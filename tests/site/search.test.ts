// The Pagefind index: built into dist/pagefind/, and the browser bundle dist/pagefind/pagefind.js,
// loaded in Node, finds lessons by words from their bodies. pagefind.js fetches its index relative to
// its own URL (file:// here), so fetch is shimmed to read file: URLs from disk.
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIST, all, attr, exerciseSources, lessonSources, parseHtml, requireDist, text } from './helpers';

interface Pagefind {
  options(o: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  search(term: string): Promise<{ results: { data(): Promise<{ url: string; meta: Record<string, string> }> }[] }>;
}

const realFetch = globalThis.fetch;
let pagefind: Pagefind;

async function urlsFor(term: string): Promise<string[]> {
  const res = await pagefind.search(term);
  return Promise.all(res.results.map(async (r) => (await r.data()).url));
}

/** Words of the indexed part of a lesson page (inside data-pagefind-body, minus data-pagefind-ignore). */
function indexedWords(id: string, minLength = 8): string[] {
  const doc = parseHtml(join(DIST, 'lessons', id, 'index.html'));
  const body = all(doc, (e) => attr(e, 'data-pagefind-body') !== undefined)[0];
  if (!body) return [];
  return text(body).toLowerCase().match(new RegExp(`[a-z]{${minLength},}`, 'g')) ?? [];
}

beforeAll(async () => {
  requireDist();
  if (!existsSync(join(DIST, 'pagefind', 'pagefind.js'))) throw new Error('dist/pagefind/ missing: the build runs `pagefind --site dist`');
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url.startsWith('file:')) return new Response(await readFile(fileURLToPath(url)));
    return realFetch(input, init);
  }) as typeof fetch;
  pagefind = (await import(/* @vite-ignore */ pathToFileURL(join(DIST, 'pagefind', 'pagefind.js')).href)) as Pagefind;
  await pagefind.options({ baseUrl: '/' });
  await pagefind.init();
});

afterAll(() => {
  globalThis.fetch = realFetch;
});

describe('search index', () => {
  const lessons = lessonSources();

  it('dist/pagefind holds the index', () => {
    expect(existsSync(join(DIST, 'pagefind', 'pagefind-entry.json'))).toBe(true);
    const entry = JSON.parse(readFileSync(join(DIST, 'pagefind', 'pagefind-entry.json'), 'utf8'));
    expect(Object.keys(entry.languages ?? {})).toContain('en');
  });

  it.each(lessons.map((l) => [l.id] as const))('finds lesson %s by a word that only its body contains', async (id) => {
    // The rarest long word of this lesson across all lessons: it should bring this lesson back.
    const mine = new Set(indexedWords(id));
    expect(mine.size, 'indexed words in the lesson body').toBeGreaterThan(20);
    const others = lessons.filter((l) => l.id !== id).map((l) => new Set(indexedWords(l.id)));
    const word = [...mine].find((w) => others.every((o) => !o.has(w))) ?? [...mine][0];
    const urls = await urlsFor(word);
    expect(urls, `search "${word}"`).toContain(`/lessons/${id}/`);
  });

  it('finds a lesson by its title, and labels results with their kind', async () => {
    const l = lessons[0];
    const res = await pagefind.search(l.data.title);
    const data = await Promise.all(res.results.map((r) => r.data()));
    const hit = data.find((d) => d.url === `/lessons/${l.id}/`);
    expect(hit?.meta.title).toBe(l.data.title);
    expect(hit?.meta.kind).toBe('Lesson');
  });

  it('indexes only lessons and exercises: one index entry per lesson and exercise page', async () => {
    const entry = JSON.parse(readFileSync(join(DIST, 'pagefind', 'pagefind-entry.json'), 'utf8'));
    expect(entry.languages.en.page_count).toBe(lessons.length + exerciseSources().length);
    for (const word of ['leader', 'quorum', 'node', 'the']) {
      for (const u of await urlsFor(word)) expect(u, `search "${word}"`).toMatch(/^\/(lessons|exercises)\/[^/]+\/$/);
    }
  });

  it.each(lessons.map((l) => [l.id, l] as const))('%s: the index holds the lesson body, not its quiz, sidebar or footer', async (id, l) => {
    // Pagefind backs off to shorter prefixes when a word is unknown, so "a word finds nothing" is not a
    // reliable check; the indexed text of the page itself (`content`) is.
    const res = await pagefind.search(l.data.title);
    const data = await Promise.all(res.results.map((r) => r.data()));
    const page = data.find((d) => d.url === `/lessons/${id}/`) as { content?: string } | undefined;
    expect(page?.content, 'indexed content').toBeTruthy();
    const content = page!.content!;
    expect(content).toContain('Learning goals');
    expect(content).toContain(String(l.data.goals[0]).slice(0, 30));
    expect(content).not.toContain('Check your understanding');
    expect(content).not.toContain('Reset my progress');
    expect(content).not.toContain('Skip to content');
  });
});
