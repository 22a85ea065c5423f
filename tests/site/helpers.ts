// Shared helpers for the site tests: they read the built site in dist/ and the lesson sources in lessons/.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'parse5';
import YAML from 'yaml';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DIST = join(ROOT, 'dist');
export const LESSONS_DIR = join(ROOT, 'lessons');
export const EXERCISES_DIR = join(ROOT, 'exercises');

/** Fail loudly (not skip) when the site was not built: `npm test` builds it first. */
export function requireDist(): void {
  if (!existsSync(join(DIST, 'index.html'))) {
    throw new Error('dist/ has no built site: run `npm run build` first (`npm test` does both).');
  }
}

export function walkFiles(dir: string, filter: (path: string) => boolean = () => true): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walkFiles(p, filter));
    else if (filter(p)) out.push(p);
  }
  return out.sort();
}

export const htmlFiles = () => walkFiles(DIST, (p) => p.endsWith('.html'));

/** The URL path a dist file is served at: dist/lessons/x/index.html -> /lessons/x/. */
export function urlOf(file: string): string {
  const rel = relative(DIST, file).split(sep).join('/');
  return '/' + rel.replace(/(^|\/)index\.html$/, '$1');
}

// ---- frontmatter ----

export interface LessonSource {
  id: string;
  file: string;
  data: Record<string, any>;
}

export function frontmatter(text: string): Record<string, any> {
  const m = text.match(/^---\r?\n([\s\S]*?)\r?\n---\r?\n/);
  if (!m) throw new Error('no frontmatter block');
  return YAML.parse(m[1]);
}

/** Top-level lessons/*.mdx, parsed with a YAML parser (independent of Astro's content layer). */
export function lessonSources(): LessonSource[] {
  if (!existsSync(LESSONS_DIR)) return [];
  return readdirSync(LESSONS_DIR)
    .filter((f) => f.endsWith('.mdx'))
    .sort()
    .map((f) => ({ id: f.replace(/\.mdx$/, ''), file: join(LESSONS_DIR, f), data: frontmatter(readFileSync(join(LESSONS_DIR, f), 'utf8')) }));
}

export function exerciseSources(): LessonSource[] {
  if (!existsSync(EXERCISES_DIR)) return [];
  return readdirSync(EXERCISES_DIR)
    .filter((d) => existsSync(join(EXERCISES_DIR, d, 'README.md')))
    .sort()
    .map((d) => {
      const file = join(EXERCISES_DIR, d, 'README.md');
      return { id: d, file, data: frontmatter(readFileSync(file, 'utf8')) };
    });
}

export const byOrder = (a: LessonSource, b: LessonSource) => a.data.order - b.data.order || a.id.localeCompare(b.id);

// ---- HTML ----

export interface El {
  nodeName: string;
  tagName?: string;
  attrs?: { name: string; value: string }[];
  childNodes?: El[];
  content?: El; // <template>
  value?: string; // text nodes
  parentNode?: El;
}

export function parseHtml(file: string): El {
  return parse(readFileSync(file, 'utf8')) as unknown as El;
}

export function* walk(node: El): Generator<El> {
  yield node;
  for (const c of node.childNodes ?? []) yield* walk(c);
  if (node.content) yield* walk(node.content);
}

export const attr = (el: El, name: string) => el.attrs?.find((a) => a.name === name)?.value;

export const all = (root: El, pred: (el: El) => boolean) => [...walk(root)].filter((el) => el.tagName && pred(el));
export const byTag = (root: El, tag: string) => all(root, (el) => el.tagName === tag);

export function text(node: El): string {
  if (node.nodeName === '#text') return node.value ?? '';
  return (node.childNodes ?? []).map(text).join('');
}

export const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

export function closest(el: El, pred: (el: El) => boolean): El | undefined {
  for (let p = el.parentNode; p; p = p.parentNode) if (p.tagName && pred(p)) return p;
  return undefined;
}
