// The results panel: one item per test, filled in as results stream from the grading worker.
// Results point at the fix: the first failing test is expanded, every other one is one line (a
// click opens it). When several tests fail for one reason (the module did not load, an export is
// missing, a test ran past the time limit, or simply the same message), one banner says it once.
// Tests the worker never reported are "not run". Everything learner-controlled (messages,
// observed values, console output) is set as text, never HTML.
import type { TestInfo, TestResult } from '../../engine';
import type { LearnerSourceMap } from '../../hosts/stack';
import type { CompileProblem } from '../../hosts/compile';
import { openReplay } from './replay';

type Frame = ReturnType<LearnerSourceMap['frames']>[number];

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

export interface ResultsOptions {
  exercise: string;
  /** The file the CLI replay command names. */
  starterFile: string;
  /** Jumps the editor to a line of the learner's code. */
  reveal(line: number, column: number): void;
}

/** A failure that is about the code as a whole rather than one test's rule. */
const TIMEOUT = /did not finish|time limit|timed out|watchdog|loops? forever/i;
const EXPORT = /must export/i;
const LOAD = /could not be loaded|creating the Node threw|while loading/i;
/** Several tests with the same message (after their own id and a leading "n1: " are taken out) fail for one reason. */
const SAME_REASON_MIN = 3;

export function reasonKey(r: Pick<TestResult, 'id' | 'message'>): string {
  const id = r.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return (r.message ?? '')
    .replace(new RegExp(`(^|[^\\w.])${id}(?![\\w.])`, 'g'), '$1#')
    .replace(/^\s*[a-z]\w{0,3}: /, '')
    .trim();
}

interface Reason {
  key: string;
  kind: 'timeout' | 'export' | 'load' | 'same';
  results: TestResult[];
}

export class ResultsView {
  private readonly list: HTMLOListElement;
  private readonly summary: HTMLElement;
  private readonly progress: HTMLElement;
  private readonly banner: HTMLElement;
  private readonly items = new Map<string, HTMLLIElement>();
  private readonly failures: TestResult[] = [];
  private readonly maps = new Map<string, LearnerSourceMap>();
  private tests: TestInfo[] = [];
  private total = 0;
  private passed = 0;
  private failed = 0;
  private fatal: { message: string; frames: Frame[]; kind?: string } | null = null;
  private expandedOnce = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly options: ResultsOptions,
    summary?: HTMLElement,
  ) {
    this.list = root.querySelector('[data-wb-list]')!;
    this.summary = summary ?? root.querySelector('[data-wb-summary]')!;
    this.progress = root.querySelector('[data-wb-progress]')!;
    this.banner = root.querySelector('[data-wb-banner]')!;
  }

  /** Sets the (announced) summary line. */
  announce(text: string, kind: 'info' | 'pass' | 'fail' = 'info'): void {
    this.summary.textContent = text;
    this.summary.dataset.kind = kind;
  }

  private frames(frames: Frame[]): HTMLElement | null {
    if (!frames.length) return null;
    const p = el('p', { class: 'wb-where' }, 'In your code: ');
    frames.forEach((f, i) => {
      if (i) p.append(', called from ');
      const b = el('button', { type: 'button', class: 'wb-line', 'data-line': String(f.position.line) }, `line ${f.position.line}`);
      b.addEventListener('click', () => this.options.reveal(f.position.line, f.position.column));
      p.append(b, ` (${f.text.replace(/^at /, '').replace(/ \(line.*$/, '')})`);
    });
    return p;
  }

  /** A run began: the code is being compiled. */
  compiling(): void {
    this.root.dataset.state = 'compiling';
    this.announce('Compiling…');
  }

  compileErrors(problems: CompileProblem[]): void {
    this.reset();
    this.root.dataset.state = 'compile-error';
    const li = el('li', { class: 'wb-test', 'data-status': 'compile-error' });
    li.append(el('div', { class: 'wb-test-head' }, el('span', { class: 'wb-badge' }, 'Not run'), ` Your code does not compile (${problems.length} error${problems.length === 1 ? '' : 's'}): fix ${problems.length === 1 ? 'it' : 'them'} first.`));
    for (const p of problems) {
      const b = el('button', { type: 'button', class: 'wb-line', 'data-line': String(p.line) }, `line ${p.line}, column ${p.column}`);
      b.addEventListener('click', () => this.options.reveal(p.line, p.column));
      const row = el('p', { class: 'wb-message wb-compile-error' }, b, ': ', p.message);
      li.append(row);
      if (p.lineText) li.append(el('pre', { class: 'wb-code' }, p.lineText));
    }
    this.list.append(li);
    this.progress.textContent = '';
    const first = problems[0]!;
    this.announce(`Not run: your code does not compile. Line ${first.line}: ${first.message}`, 'fail');
  }

  /** Nothing to grade: the editor holds no code. One message, no run. */
  empty(kind: 'functions' | 'node'): void {
    this.reset();
    this.root.dataset.state = 'done';
    const what = kind === 'node' ? 'export a class named Node (export class Node { … })' : 'export the functions the task asks for';
    this.showBanner('empty', 'Your editor is empty', `There is nothing to test yet: ${what}, or press “Reset to starter”.`);
    this.progress.textContent = '';
    this.announce(`Not run: your code is empty. ${what[0]!.toUpperCase()}${what.slice(1)}.`, 'fail');
  }

  /** The module could not be graded at all (it did not load, or the worker stopped); `kind` is the worker's FatalKind. */
  problem(message: string, frames: Frame[] = [], kind?: string): void {
    this.fatal = { message, frames, kind };
    this.renderBanner();
  }

  private reset(): void {
    this.list.replaceChildren();
    this.items.clear();
    this.failures.length = 0;
    this.maps.clear();
    this.passed = this.failed = 0;
    this.fatal = null;
    this.expandedOnce = false;
    this.banner.hidden = true;
    this.banner.replaceChildren();
    delete this.banner.dataset.kind;
  }

  start(tests: TestInfo[]): void {
    this.reset();
    this.tests = tests;
    this.total = tests.length;
    this.root.dataset.state = 'running';
    for (const t of tests) {
      const li = el(
        'li',
        { class: 'wb-test', 'data-status': 'waiting', 'data-test-id': t.id },
        el('div', { class: 'wb-test-head' }, el('span', { class: 'wb-badge' }, 'Waiting'), ' ', el('strong', {}, t.id), ' ', el('span', { class: 'wb-name' }, t.name)),
      );
      this.items.set(t.id, li);
      this.list.append(li);
    }
    this.progress.textContent = `Running ${tests.length} tests…`;
    this.announce('Running the tests…');
  }

  running(test: TestInfo): void {
    const li = this.items.get(test.id);
    if (!li) return;
    li.dataset.status = 'running';
    li.querySelector('.wb-badge')!.textContent = 'Running';
  }

  /** Opens or closes a failed test's details. */
  private setExpanded(li: HTMLLIElement, open: boolean): void {
    const toggle = li.querySelector<HTMLButtonElement>('.wb-toggle');
    const body = li.querySelector<HTMLElement>('.wb-test-body');
    if (!toggle || !body) return;
    toggle.setAttribute('aria-expanded', String(open));
    body.hidden = !open;
    li.toggleAttribute('data-expanded', open);
  }

  result(r: TestResult, map: LearnerSourceMap): void {
    let li = this.items.get(r.id);
    if (!li) {
      li = el('li', { class: 'wb-test', 'data-test-id': r.id });
      this.items.set(r.id, li);
      this.list.append(li);
    }
    r.status === 'pass' ? this.passed++ : this.failed++;
    li.dataset.status = r.status;
    const badge = el('span', { class: 'wb-badge' }, r.status === 'pass' ? '✓ Pass' : '✗ Fail');
    if (r.status === 'pass') {
      li.replaceChildren(
        el('div', { class: 'wb-test-head' }, badge, ' ', el('strong', {}, r.id), ' ', el('span', { class: 'wb-name' }, r.name), r.runs > 1 ? el('span', { class: 'wb-runs' }, ` (${r.runs} seeded runs)`) : ''),
      );
      if (r.logs.length) li.append(this.logs(r));
    } else {
      this.maps.set(r.id, map);
      this.failures.push(r);
      const bodyId = `wb-test-body-${r.id.replace(/[^\w-]/g, '_')}`;
      const toggle = el(
        'button',
        { type: 'button', class: 'wb-toggle', 'aria-expanded': 'false', 'aria-controls': bodyId },
        badge,
        ' ',
        el('strong', {}, r.id),
        ' ',
        el('span', { class: 'wb-name' }, r.name),
        r.message ? el('span', { class: 'wb-oneline' }, ` — ${r.message}`) : '',
      );
      const body = el('div', { class: 'wb-test-body', id: bodyId });
      body.hidden = true;
      toggle.addEventListener('click', () => this.setExpanded(li!, toggle.getAttribute('aria-expanded') !== 'true'));
      li.replaceChildren(el('div', { class: 'wb-test-head' }, toggle), body);
      this.fillBody(body, r, map);
    }
    this.renderBanner();
    this.progress.textContent = `${this.passed + this.failed} of ${this.total} tests done: ${this.passed} pass, ${this.failed} fail.`;
  }

  private logs(r: TestResult): HTMLElement {
    return el('details', { class: 'wb-logs' }, el('summary', {}, `Console output (${r.logs.length} line${r.logs.length === 1 ? '' : 's'})`), el('pre', {}, r.logs.join('\n')));
  }

  private fillBody(body: HTMLElement, r: TestResult, map: LearnerSourceMap): void {
    body.append(el('p', { class: 'wb-rule' }, el('span', { class: 'wb-label' }, 'Rule: '), `${r.name} (${r.section})`, r.rule ? el('span', { class: 'wb-rule-id' }, ` · check: ${r.rule}`) : ''));
    if (r.message) body.append(el('p', { class: 'wb-message' }, r.message));
    if (r.expected !== undefined || r.observed !== undefined) {
      const dl = el('dl', { class: 'wb-diff' });
      if (r.expected !== undefined) dl.append(el('dt', {}, 'Expected'), el('dd', {}, el('pre', {}, r.expected)));
      if (r.observed !== undefined) dl.append(el('dt', {}, 'Observed'), el('dd', {}, el('pre', {}, r.observed)));
      body.append(dl);
    }
    const where = this.frames(map.frames(r.stack));
    if (where) body.append(where);
    if (r.seed !== undefined) {
      const when = r.time !== undefined ? ` at t = ${Math.round(r.time * 10) / 10} ms (event #${r.eventIndex})` : '';
      const command = `npm run grade -- ${this.options.exercise} ${this.options.starterFile} --test ${r.id} --seed ${r.seed} --trace trace.json`;
      const actions = el('div', { class: 'wb-row wb-actions' });
      if (r.trace?.length) {
        const show = el('button', { type: 'button', class: 'button button-small', 'data-show-run': r.id }, 'Watch this run');
        show.addEventListener('click', () => openReplay(r, actions));
        actions.append(show);
      }
      body.append(
        el('p', { class: 'wb-seed' }, `Seed ${r.seed}${when}; ${r.runs === 0 ? 'the first seeded run failed' : `${r.runs} seeded run${r.runs === 1 ? '' : 's'} passed before this one`}.`),
        actions,
        el(
          'details',
          { class: 'wb-terminal' },
          el('summary', {}, 'Run it in your terminal'),
          el('p', {}, 'To replay this exact run from a terminal, save your code as ', el('code', {}, this.options.starterFile), ' and run:'),
          el('pre', { class: 'wb-code wb-command' }, el('code', {}, command)),
        ),
      );
    }
    if (r.logs.length) body.append(this.logs(r));
  }

  /** The reasons shared by several failures (or by one that stopped the code as a whole). */
  private reasons(): Reason[] {
    const groups = new Map<string, TestResult[]>();
    for (const r of this.failures) {
      const key = reasonKey(r);
      if (!key) continue;
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    const out: Reason[] = [];
    for (const [key, results] of groups) {
      const kind = TIMEOUT.test(key) ? 'timeout' : EXPORT.test(key) ? 'export' : LOAD.test(key) ? 'load' : 'same';
      if (kind !== 'same' || results.length >= SAME_REASON_MIN) out.push({ key, kind, results });
    }
    return out;
  }

  private showBanner(kind: string, title: string, ...content: (Node | string)[]): void {
    this.banner.hidden = false;
    this.banner.dataset.kind = kind;
    this.banner.replaceChildren(el('p', { class: 'wb-banner-title' }, title), ...content.map((c) => (typeof c === 'string' ? el('p', { class: 'wb-message' }, c) : c)));
  }

  private notRun(): TestInfo[] {
    return this.tests.filter((t) => {
      const s = this.items.get(t.id)?.dataset.status;
      return s === 'waiting' || s === 'running' || s === 'skipped';
    });
  }

  /** Draws the banner (if a reason is shared) and expands the first failure it does not cover. */
  private renderBanner(): void {
    if (this.fatal) {
      const where = this.frames(this.fatal.frames);
      const [kind, title] =
        this.fatal.kind === 'export'
          ? ['export', 'Your module is missing an export the tests need']
          : this.fatal.kind === 'load'
            ? ['load', 'Your code throws as soon as it is loaded']
            : ['fatal', 'Your code could not be graded'];
      this.showBanner(kind, title, this.fatal.message, ...(where ? [where] : []), `None of the ${this.total} tests ran: fix this first.`);
    } else {
      const reasons = this.reasons();
      const grouped = new Set(reasons.flatMap((g) => g.results.map((r) => r.id)));
      if (reasons.length) {
        const g = reasons[0]!;
        const first = g.results[0]!;
        const title =
          g.kind === 'timeout'
            ? 'Stopped: your code did not finish in time (an endless loop?)'
            : g.kind === 'export'
              ? 'Your module is missing an export the tests need'
              : g.kind === 'load'
                ? 'Your code throws as soon as it is loaded'
                : `${g.results.length} tests fail for the same reason`;
        const where = this.frames(this.maps.get(first.id)?.frames(first.stack) ?? []);
        const ids = g.results.map((r) => r.id).join(', ');
        const waiting = this.root.dataset.state === 'done' ? this.notRun().length : 0;
        this.showBanner(
          g.kind,
          title,
          first.message ?? '',
          ...(where ? [where] : []),
          el('p', { class: 'wb-banner-tests' }, `${g.results.length === 1 ? 'Test' : 'Tests'} ${ids}${waiting ? `; ${waiting} test${waiting === 1 ? ' was' : 's were'} not run` : ''}.`),
        );
      } else {
        this.banner.hidden = true;
        this.banner.replaceChildren();
      }
      for (const id of grouped) this.items.get(id)?.setAttribute('data-grouped', '');
      // The first failure is opened, once (the learner may close it), unless the banner already says
      // all there is (a missing export, a timeout): then the first failure the banner does not cover.
      if (!this.expandedOnce) {
        const said = new Set(reasons.filter((g) => g.kind !== 'same').flatMap((g) => g.results.map((r) => r.id)));
        const first = this.failures.find((r) => !said.has(r.id));
        if (first) {
          this.expandedOnce = true;
          this.setExpanded(this.items.get(first.id)!, true);
        }
      }
    }
  }

  /** The first item a learner should look at: the banner, or the first failing test. */
  firstProblem(): HTMLElement | null {
    if (!this.banner.hidden) return this.banner;
    return this.list.querySelector<HTMLElement>('li[data-expanded]') ?? this.list.querySelector<HTMLElement>('li[data-status="fail"], li[data-status="compile-error"]');
  }

  finish(opts: { passed: number; total: number; solved: boolean; cancelled: boolean; incomplete: boolean }): void {
    this.root.dataset.state = 'done';
    for (const li of this.items.values()) {
      if (li.dataset.status === 'waiting' || li.dataset.status === 'running') {
        li.dataset.status = 'skipped';
        li.querySelector('.wb-badge')!.textContent = 'Not run';
      }
    }
    this.renderBanner();
    this.progress.textContent = '';
    if (opts.cancelled) this.announce(`Stopped. ${opts.passed} of ${opts.total} tests passed before the stop.`, 'fail');
    else if (opts.solved) this.announce(`All ${opts.total} tests pass. Exercise solved!`, 'pass');
    else if (opts.incomplete) this.announce(`Grading did not finish: ${opts.passed} of ${opts.total} tests pass. See the message above the tests.`, 'fail');
    else this.announce(`${opts.passed} of ${opts.total} tests pass.`, 'fail');
  }
}
