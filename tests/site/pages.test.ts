// The built pages: one per lesson with the right title, the sidebar in frontmatter order,
// page structure (landmarks, one h1, heading order), the no-flash theme script, exercise pages.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DIST,
  all,
  attr,
  byOrder,
  byTag,
  exerciseSources,
  htmlFiles,
  lessonSources,
  parseHtml,
  requireDist,
  squash,
  text,
  urlOf,
  type El,
} from './helpers';

const lessons = lessonSources().sort(byOrder);
const exercises = exerciseSources().sort(byOrder);
const lessonPage = (id: string) => join(DIST, 'lessons', id, 'index.html');

beforeAll(requireDist);

describe('lesson pages', () => {
  it('there are lesson sources to check', () => {
    expect(lessons.length).toBeGreaterThan(0);
  });

  it('builds exactly one page per lesson file', () => {
    for (const l of lessons) expect(existsSync(lessonPage(l.id)), `dist/lessons/${l.id}/index.html`).toBe(true);
    const built = htmlFiles().filter((f) => /[\\/]lessons[\\/][^\\/]+[\\/]index\.html$/.test(f));
    expect(built.length).toBe(lessons.length);
  });

  it.each(lessons.map((l) => [l.id, l] as const))('%s: title in the h1 and in <title>', (id, l) => {
    const doc = parseHtml(lessonPage(id));
    const h1s = byTag(doc, 'h1');
    expect(h1s.length).toBe(1);
    expect(squash(text(h1s[0]))).toBe(squash(l.data.title));
    const title = squash(text(byTag(doc, 'title')[0]));
    expect(title.startsWith(squash(l.data.title))).toBe(true);
  });

  it.each(lessons.map((l) => [l.id, l] as const))('%s: goals, quiz, sources and pager are rendered', (id, l) => {
    const doc = parseHtml(lessonPage(id));
    const goals = all(doc, (e) => attr(e, 'class') === 'goals')[0];
    expect(goals, 'learning goals section').toBeDefined();
    expect(byTag(goals, 'li').map((li) => squash(text(li)))).toEqual(l.data.goals.map(squash));
    const quiz = byTag(doc, 'course-quiz')[0];
    expect(attr(quiz, 'data-lesson-id')).toBe(id);
    expect(byTag(quiz, 'form').length).toBe(l.data.quiz.length);
    const sources = all(doc, (e) => attr(e, 'class') === 'sources')[0];
    expect(byTag(sources, 'li').length).toBe(l.data.sources.length);
    // previous / next follow the order
    const i = lessons.findIndex((x) => x.id === id);
    const pager = all(doc, (e) => attr(e, 'class') === 'pager')[0];
    const rels = pager ? byTag(pager, 'a').map((a) => [attr(a, 'rel'), attr(a, 'href')]) : [];
    const expected: [string, string][] = [];
    if (i > 0) expected.push(['prev', `/lessons/${lessons[i - 1].id}/`]);
    if (i < lessons.length - 1) expected.push(['next', `/lessons/${lessons[i + 1].id}/`]);
    expect(rels).toEqual(expected);
  });

  it.each(lessons.map((l) => [l.id, l] as const))('%s: "Practise it" links only to exercises that exist', (id, l) => {
    const doc = parseHtml(lessonPage(id));
    const section = all(doc, (e) => e.tagName === 'section' && attr(e, 'aria-labelledby') === 'practise-heading')[0];
    const linked = section ? byTag(section, 'a').map((a) => attr(a, 'href')) : [];
    const existing = new Set(exercises.map((e) => e.id));
    const want = ((l.data.exercises ?? []) as string[]).filter((x) => existing.has(x)).map((x) => `/exercises/${x}/`);
    expect(linked).toEqual(want);
  });
});

describe('sidebar', () => {
  const sidebarLinks = (doc: El, attrName: string) =>
    all(doc, (e) => e.tagName === 'a' && attr(e, attrName) !== undefined && !!closestNav(e)).map((a) => attr(a, attrName));
  const closestNav = (e: El) => {
    for (let p = e.parentNode; p; p = p.parentNode) if (p.tagName === 'nav' && attr(p, 'id') === 'course-nav') return p;
    return undefined;
  };

  it('lists the lessons in frontmatter `order` on every page, with the current one marked', () => {
    const want = lessons.map((l) => l.id);
    for (const file of htmlFiles()) {
      const doc = parseHtml(file);
      expect(sidebarLinks(doc, 'data-lesson-id'), urlOf(file)).toEqual(want);
    }
    for (const l of lessons) {
      const current = all(parseHtml(lessonPage(l.id)), (e) => attr(e, 'aria-current') === 'page');
      expect(current.map((a) => attr(a, 'href'))).toEqual([`/lessons/${l.id}/`]);
    }
  });

  it('lists the exercises in frontmatter `order` below the lessons', () => {
    const doc = parseHtml(join(DIST, 'index.html'));
    expect(sidebarLinks(doc, 'data-exercise-id')).toEqual(exercises.map((e) => e.id));
  });

  it('every sidebar entry has a progress tick slot', () => {
    const doc = parseHtml(join(DIST, 'index.html'));
    const items = all(doc, (e) => e.tagName === 'li' && !!closestNav(e));
    expect(items.length).toBe(lessons.length + exercises.length);
    for (const li of items) {
      expect(attr(li, 'data-progress')).toMatch(/^(lesson|exercise):/);
      expect(all(li, (e) => attr(e, 'class') === 'tick').length).toBe(1);
    }
  });
});

describe('every page', () => {
  const files = () => htmlFiles().filter((f) => !f.includes('/pagefind/'));

  it('has the header, nav, main and footer landmarks, a skip link to main, and exactly one h1', () => {
    for (const file of files()) {
      const doc = parseHtml(file);
      const where = urlOf(file);
      for (const tag of ['header', 'nav', 'main', 'footer']) expect(byTag(doc, tag).length, `${where} <${tag}>`).toBeGreaterThan(0);
      expect(byTag(doc, 'main').length, where).toBe(1);
      const skip = all(doc, (e) => attr(e, 'class') === 'skip-link')[0];
      expect(attr(skip, 'href'), where).toBe('#main');
      expect(attr(byTag(doc, 'main')[0], 'id'), where).toBe('main');
      expect(byTag(doc, 'h1').length, `${where}: one h1`).toBe(1);
      expect(attr(byTag(doc, 'html')[0], 'lang'), where).toBe('en');
    }
  });

  it('never skips a heading level going down (h2 then h4) and puts no heading before the h1', () => {
    for (const file of files()) {
      const doc = parseHtml(file);
      const levels = all(doc, (e) => /^h[1-6]$/.test(e.tagName!)).map((h) => Number(h.tagName![1]));
      expect(levels[0], `${urlOf(file)} first heading`).toBe(1);
      for (let i = 1; i < levels.length; i++) {
        expect(levels[i] - levels[i - 1], `${urlOf(file)}: h${levels[i - 1]} followed by h${levels[i]}`).toBeLessThanOrEqual(1);
      }
    }
  });

  it('every link and button has an accessible name, and every input a label', () => {
    const visibleText = (el: El): string =>
      el.nodeName === '#text' ? (el.value ?? '') : attr(el, 'aria-hidden') === 'true' ? '' : (el.childNodes ?? []).map(visibleText).join('');
    for (const file of files()) {
      const doc = parseHtml(file);
      const where = urlOf(file);
      for (const el of all(doc, (e) => e.tagName === 'a' || e.tagName === 'button')) {
        const name = attr(el, 'aria-label') ?? attr(el, 'title') ?? squash(visibleText(el));
        expect(name, `${where}: <${el.tagName} ${JSON.stringify(el.attrs)}>`).not.toBe('');
      }
      const labelled = new Set(byTag(doc, 'label').map((l) => attr(l, 'for')));
      for (const input of all(doc, (e) => (e.tagName === 'input' && attr(e, 'type') !== 'hidden') || e.tagName === 'select' || e.tagName === 'textarea')) {
        const ok = labelled.has(attr(input, 'id')) || !!attr(input, 'aria-label') || !!attr(input, 'aria-labelledby');
        expect(ok, `${where}: unlabelled <${input.tagName} id=${attr(input, 'id')}>`).toBe(true);
      }
    }
  });

  it('applies the stored theme with an inline script in <head> before any stylesheet (no flash)', () => {
    for (const file of files()) {
      const head = byTag(parseHtml(file), 'head')[0];
      const order = all(head, (e) => e.tagName === 'script' || (e.tagName === 'link' && attr(e, 'rel') === 'stylesheet'));
      const themeScript = order.findIndex((e) => e.tagName === 'script' && !attr(e, 'src') && text(e).includes('data-theme'));
      expect(themeScript, urlOf(file)).toBeGreaterThanOrEqual(0);
      const firstCss = order.findIndex((e) => e.tagName === 'link');
      if (firstCss >= 0) expect(themeScript, urlOf(file)).toBeLessThan(firstCss);
      expect(text(order[themeScript])).toContain('course:v1:theme');
      expect(text(order[themeScript])).toContain('prefers-color-scheme: dark');
    }
  });
});

describe('home, 404 and exercise pages', () => {
  it('the home page lists every lesson in order, with minutes, and starts at lesson 1', () => {
    const doc = parseHtml(join(DIST, 'index.html'));
    const path = all(doc, (e) => attr(e, 'data-lesson-path') !== undefined)[0];
    expect(byTag(path, 'a').map((a) => attr(a, 'href'))).toEqual(lessons.map((l) => `/lessons/${l.id}/`));
    const start = all(doc, (e) => e.tagName === 'a' && squash(text(e)) === 'Start the course')[0];
    expect(attr(start, 'href')).toBe(`/lessons/${lessons[0].id}/`);
    for (const l of lessons) expect(squash(text(path))).toContain(`${l.data.minutes} min`);
  });

  it('has a 404 page', () => {
    const doc = parseHtml(join(DIST, '404.html'));
    expect(squash(text(byTag(doc, 'h1')[0]))).toBe('Page not found');
  });

  if (exercises.length === 0) {
    it('with no exercises yet, the exercise index still builds', () => {
      expect(existsSync(join(DIST, 'exercises', 'index.html'))).toBe(true);
    });
  } else it.each(exercises.map((e) => [e.id, e] as const))(
    'exercise %s: statement, hints, workbench slot and grading command',
    (id, e) => {
      const file = join(DIST, 'exercises', id, 'index.html');
      expect(existsSync(file)).toBe(true);
      const doc = parseHtml(file);
      expect(squash(text(byTag(doc, 'h1')[0]))).toBe(squash(e.data.title));
      expect(all(doc, (x) => attr(x, 'id') === 'workbench').length).toBe(1);
      expect(all(doc, (x) => x.tagName === 'details' && attr(x, 'data-hint') !== undefined).length).toBe(e.data.hints.length);
      expect(readFileSync(file, 'utf8')).toContain(`npm run grade -- ${id} `);
    },
  );
});
