// Crawl every built HTML page (and the CSS/JS it ships): each internal href/src must resolve to a file
// in dist/, and each #fragment to an id on the target page. External http(s) and mailto links are ignored.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DIST, all, attr, htmlFiles, parseHtml, requireDist, urlOf, walkFiles } from './helpers';

beforeAll(requireDist);

const SKIP = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i; // any scheme (http:, https:, mailto:, data:, ...) or protocol-relative

/** The file a site URL path is served from, or null. */
function resolveFile(pathname: string): string | null {
  const p = decodeURIComponent(pathname);
  const candidates = p.endsWith('/') ? [join(DIST, p, 'index.html')] : [join(DIST, p), join(DIST, `${p}.html`), join(DIST, p, 'index.html')];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? null;
}

const idsCache = new Map<string, Set<string>>();
function idsOf(file: string): Set<string> {
  let ids = idsCache.get(file);
  if (!ids) {
    ids = new Set(all(parseHtml(file), (e) => attr(e, 'id') !== undefined).map((e) => attr(e, 'id')!));
    idsCache.set(file, ids);
  }
  return ids;
}

interface Ref {
  from: string;
  ref: string;
}

function htmlRefs(file: string): Ref[] {
  const doc = parseHtml(file);
  const from = urlOf(file);
  const refs: Ref[] = [];
  for (const el of all(doc, () => true)) {
    for (const name of ['href', 'src', 'poster', 'data-src']) {
      const v = attr(el, name);
      if (v !== undefined) refs.push({ from, ref: v.trim() });
    }
    const srcset = attr(el, 'srcset');
    if (srcset) for (const part of srcset.split(',')) refs.push({ from, ref: part.trim().split(/\s+/)[0] });
  }
  return refs;
}

function check(refs: Ref[], base: (from: string) => string): string[] {
  const broken: string[] = [];
  for (const { from, ref } of refs) {
    if (ref === '' || SKIP.test(ref)) continue;
    const url = new URL(ref, `http://site${base(from)}`);
    const target = resolveFile(url.pathname);
    if (!target) {
      broken.push(`${from} -> ${ref} (no file)`);
      continue;
    }
    const frag = decodeURIComponent(url.hash.slice(1));
    if (frag && target.endsWith('.html') && !idsOf(target).has(frag)) broken.push(`${from} -> ${ref} (no id "${frag}")`);
  }
  return broken;
}

describe('internal links and assets', () => {
  it('every href/src in every page resolves inside dist/', () => {
    const files = htmlFiles();
    expect(files.length).toBeGreaterThan(3);
    const refs = files.flatMap(htmlRefs);
    // Sanity: the crawler sees the links it should (sidebar, stylesheet, scripts).
    expect(refs.some((r) => r.ref.startsWith('/lessons/'))).toBe(true);
    expect(refs.some((r) => r.ref.startsWith('/_astro/') && r.ref.endsWith('.css'))).toBe(true);
    expect(check(refs, (from) => from)).toEqual([]);
  });

  it('url() references in shipped CSS and static imports in shipped JS resolve', () => {
    const refs: Ref[] = [];
    for (const file of walkFiles(join(DIST, '_astro'), (p) => /\.(css|js)$/.test(p))) {
      const src = readFileSync(file, 'utf8');
      const from = urlOf(file);
      if (file.endsWith('.css')) {
        for (const m of src.matchAll(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g)) refs.push({ from, ref: m[2] });
      } else {
        // Path-like specifiers only ("./x.js", "../x.js", "/x.js"): bundlers emit those, while large minified
        // bundles (Monaco, TypeScript) hold strings such as `export":"` that are no imports at all.
        for (const m of src.matchAll(/(?:^|[;}\s)])(?:import|export)\s*(?:[\w$*{}\s,]*?\bfrom\s*)?["'](\.{1,2}\/[^"'\s]+|\/[^"'\s]+)["']/g))
          refs.push({ from, ref: m[1] });
      }
    }
    expect(refs.some((r) => r.ref.endsWith('.js'))).toBe(true); // the pattern does see the chunks' imports
    expect(check(refs, (from) => dirname(from) + '/')).toEqual([]);
  });

  it('the resolver itself reports a missing page (the check can fail)', () => {
    expect(check([{ from: '/', ref: '/lessons/no-such-lesson/' }], (f) => f)).toHaveLength(1);
    expect(check([{ from: '/', ref: '/#no-such-id' }], (f) => f)).toHaveLength(1);
    expect(check([{ from: '/', ref: 'https://example.org/x' }], (f) => f)).toHaveLength(0);
  });
});
