// Offline support: dist/sw.js is filled in at build time with a version and a precache list that
// covers every page, the assets they load and the search index, and every listed file exists.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DIST, htmlFiles, lessonSources, requireDist, urlOf, walkFiles } from './helpers';

beforeAll(requireDist);

function swConfig() {
  const src = readFileSync(join(DIST, 'sw.js'), 'utf8');
  const version = src.match(/const VERSION = "([0-9a-f]+)";/)?.[1];
  const list = src.match(/const PRECACHE = (\[.*?\]);/)?.[1];
  return { src, version, precache: list ? (JSON.parse(list) as string[]) : [] };
}

describe('offline service worker', () => {
  it('has its version and precache list filled in', () => {
    const { version, precache } = swConfig();
    expect(version).toMatch(/^[0-9a-f]{16}$/);
    expect(precache.length).toBeGreaterThan(5);
  });

  it('precaches every page, stylesheet and script, and the search index', () => {
    const { precache } = swConfig();
    const set = new Set(precache);
    for (const f of htmlFiles()) expect(set.has(urlOf(f)), urlOf(f)).toBe(true);
    for (const l of lessonSources()) expect(set.has(`/lessons/${l.id}/`)).toBe(true);
    // The exercise editor and compiler (Monaco, TypeScript's worker, esbuild-wasm: files over 512 KB, or named
    // after them, or scripts and styles that contain them) are left out on purpose, as astro.config.mjs says: the worker
    // caches them on first use (cache-first under /_astro/). Every other script and stylesheet is precached.
    const onFirstUse = (f: string) =>
      statSync(f).size > 512 * 1024 || /monaco|esbuild/i.test(f) || /monaco|esbuild/i.test(readFileSync(f, 'utf8'));
    const assets = walkFiles(join(DIST, '_astro'), (p) => /\.(js|css)$/.test(p));
    expect(assets.filter((f) => !onFirstUse(f)).length).toBeGreaterThan(5);
    for (const f of assets) if (!onFirstUse(f)) expect(set.has(urlOf(f)), urlOf(f)).toBe(true);
    for (const f of ['/pagefind/pagefind.js', '/pagefind/pagefind-entry.json', '/pagefind/wasm.en.pagefind'])
      expect(set.has(f), f).toBe(true);
  });

  it('lists only files that exist in dist/ (after the final Pagefind run too)', () => {
    const { precache } = swConfig();
    const missing = precache.filter((u) => {
      const p = join(DIST, decodeURIComponent(u));
      return !(u.endsWith('/') ? existsSync(join(p, 'index.html')) : existsSync(p));
    });
    expect(missing).toEqual([]);
  });

  it('is registered by the page script in the built site', () => {
    const scripts = walkFiles(join(DIST, '_astro'), (p) => p.endsWith('.js')).map((f) => readFileSync(f, 'utf8'));
    expect(scripts.some((s) => s.includes('serviceWorker') && s.includes('sw.js'))).toBe(true);
  });
});
