// Lesson pages stay light: no Monaco, no esbuild, and all the JavaScript a lesson page loads
// (external scripts, their static imports, modulepreloads and inline scripts) is under 30 KB gzip.
// Pagefind's own files load only when search is opened, so they are not part of a page load.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { DIST, all, attr, byTag, lessonSources, parseHtml, requireDist, text } from './helpers';

const BUDGET = 30 * 1024;
const lessons = lessonSources();

beforeAll(requireDist);

/** Every JS file a page loads on its own, following static imports. Returns site paths. */
function pageScripts(file: string): { external: string[]; inline: string[] } {
  const doc = parseHtml(file);
  const queue: string[] = [];
  const inline: string[] = [];
  for (const s of byTag(doc, 'script')) {
    const type = attr(s, 'type');
    if (type && type !== 'module' && type !== 'text/javascript') continue; // JSON data, not code
    const src = attr(s, 'src');
    if (src) queue.push(src);
    else inline.push(text(s));
  }
  for (const l of all(doc, (e) => e.tagName === 'link' && /modulepreload|preload/.test(attr(e, 'rel') ?? '')))
    if ((attr(l, 'as') ?? 'script') === 'script') queue.push(attr(l, 'href')!);
  const seen = new Set<string>();
  while (queue.length) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const src = readFileSync(join(DIST, url), 'utf8');
    for (const m of src.matchAll(/(?:\bimport|\bexport)\s*(?:[\w$*{}\s,]*?\bfrom\s*)?["']([^"']+\.m?js)["']/g))
      queue.push(new URL(m[1], `http://site${url}`).pathname);
  }
  return { external: [...seen], inline };
}

describe('lesson page weight', () => {
  it('there are lesson pages to weigh', () => {
    expect(lessons.length).toBeGreaterThan(0);
  });

  it.each(lessons.map((l) => [l.id] as const))('%s loads no Monaco and no esbuild', (id) => {
    const { external, inline } = pageScripts(join(DIST, 'lessons', id, 'index.html'));
    expect(external.length).toBeGreaterThan(0);
    for (const url of external) {
      expect(url).not.toMatch(/monaco|esbuild/i);
      expect(readFileSync(join(DIST, url), 'utf8')).not.toMatch(/monaco|esbuild/i);
    }
    for (const code of inline) expect(code).not.toMatch(/monaco|esbuild/i);
  });

  it('all JavaScript of each lesson page is under 30 KB gzip', () => {
    const rows: string[] = [];
    let max = 0;
    for (const l of lessons) {
      const { external, inline } = pageScripts(join(DIST, 'lessons', l.id, 'index.html'));
      const gz = (s: string | Buffer) => gzipSync(s, { level: 9 }).length;
      const bytes = external.reduce((sum, url) => sum + gz(readFileSync(join(DIST, url))), 0) + inline.reduce((sum, c) => sum + gz(c), 0);
      rows.push(`${l.id}: ${bytes} B gzip (${external.length} files + ${inline.length} inline)`);
      max = Math.max(max, bytes);
      expect(bytes, l.id).toBeLessThan(BUDGET);
    }
    console.log(`Lesson-page JS (gzip, budget ${BUDGET} B):\n  ${rows.join('\n  ')}\n  max ${max} B`);
  });
});
