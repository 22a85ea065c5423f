// The results panel: one item per test, filled in as results stream from the grading worker.
// Everything learner-controlled (messages, observed values, console output) is set as text, never HTML.
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

export class ResultsView {
  private readonly list: HTMLOListElement;
  private readonly summary: HTMLElement;
  private readonly progress: HTMLElement;
  private readonly items = new Map<string, HTMLLIElement>();
  private total = 0;
  private passed = 0;
  private failed = 0;

  constructor(
    private readonly root: HTMLElement,
    private readonly options: ResultsOptions,
  ) {
    this.list = root.querySelector('[data-wb-list]')!;
    this.summary = root.querySelector('[data-wb-summary]')!;
    this.progress = root.querySelector('[data-wb-progress]')!;
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

  problem(message: string, frames: Frame[] = []): void {
    const li = el('li', { class: 'wb-test', 'data-status': 'error' }, el('div', { class: 'wb-test-head' }, el('span', { class: 'wb-badge' }, 'Error'), ' ', message));
    const where = this.frames(frames);
    if (where) li.append(where);
    this.list.prepend(li);
  }

  private reset(): void {
    this.list.replaceChildren();
    this.items.clear();
    this.passed = this.failed = 0;
  }

  start(tests: TestInfo[]): void {
    this.reset();
    this.total = tests.length;
    this.root.dataset.state = 'running';
    for (const t of tests) {
      const li = el(
        'li',
        { class: 'wb-test', 'data-status': 'waiting', 'data-test-id': t.id },
        el('div', { class: 'wb-test-head' }, el('span', { class: 'wb-badge' }, 'Waiting'), ' ', el('strong', {}, t.id), ' ', t.name),
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

  result(r: TestResult, map: LearnerSourceMap): void {
    let li = this.items.get(r.id);
    if (!li) {
      li = el('li', { class: 'wb-test', 'data-test-id': r.id });
      this.items.set(r.id, li);
      this.list.append(li);
    }
    r.status === 'pass' ? this.passed++ : this.failed++;
    li.dataset.status = r.status;
    const head = el(
      'div',
      { class: 'wb-test-head' },
      el('span', { class: 'wb-badge' }, r.status === 'pass' ? '✓ Pass' : '✗ Fail'),
      ' ',
      el('strong', {}, r.id),
      ' ',
      r.name,
      r.status === 'pass' && r.runs > 1 ? el('span', { class: 'wb-runs' }, ` (${r.runs} seeded runs)`) : '',
    );
    li.replaceChildren(head);
    if (r.status === 'fail') {
      li.append(el('p', { class: 'wb-rule' }, el('span', { class: 'wb-label' }, 'Rule: '), `${r.name} (${r.section})`, r.rule ? el('span', { class: 'wb-rule-id' }, ` · check: ${r.rule}`) : ''));
      if (r.message) li.append(el('p', { class: 'wb-message' }, r.message));
      if (r.expected !== undefined || r.observed !== undefined) {
        const dl = el('dl', { class: 'wb-diff' });
        if (r.expected !== undefined) dl.append(el('dt', {}, 'Expected'), el('dd', {}, el('pre', {}, r.expected)));
        if (r.observed !== undefined) dl.append(el('dt', {}, 'Observed'), el('dd', {}, el('pre', {}, r.observed)));
        li.append(dl);
      }
      const where = this.frames(map.frames(r.stack));
      if (where) li.append(where);
      if (r.seed !== undefined) {
        const when = r.time !== undefined ? ` at t = ${Math.round(r.time * 10) / 10} ms (event #${r.eventIndex})` : '';
        const command = `npm run grade -- ${this.options.exercise} ${this.options.starterFile} --test ${r.id} --seed ${r.seed} --trace trace.json`;
        li.append(
          el('p', { class: 'wb-seed' }, `Seed ${r.seed}${when}; ${r.runs === 0 ? 'the first seeded run failed' : `${r.runs} seeded run${r.runs === 1 ? '' : 's'} passed before this one`}. To replay this exact run from a terminal, save your code as `, el('code', {}, this.options.starterFile), ' and run:'),
          el('pre', { class: 'wb-code wb-command' }, el('code', {}, command)),
        );
        if (r.trace?.length) {
          const show = el('button', { type: 'button', class: 'button button-quiet button-small', 'data-show-run': r.id }, 'Watch this run');
          show.addEventListener('click', () => openReplay(r, command));
          li.append(show);
        }
      }
    }
    if (r.logs.length) {
      li.append(el('details', { class: 'wb-logs' }, el('summary', {}, `Console output (${r.logs.length} line${r.logs.length === 1 ? '' : 's'})`), el('pre', {}, r.logs.join('\n'))));
    }
    this.progress.textContent = `${this.passed + this.failed} of ${this.total} tests done: ${this.passed} pass, ${this.failed} fail.`;
  }

  finish(opts: { passed: number; total: number; solved: boolean; cancelled: boolean; incomplete: boolean }): void {
    this.root.dataset.state = 'done';
    for (const li of this.items.values()) {
      if (li.dataset.status === 'waiting' || li.dataset.status === 'running') {
        li.dataset.status = 'skipped';
        li.querySelector('.wb-badge')!.textContent = 'Not run';
      }
    }
    this.progress.textContent = '';
    if (opts.cancelled) this.announce(`Stopped. ${opts.passed} of ${opts.total} tests passed before the stop.`, 'fail');
    else if (opts.solved) this.announce(`All ${opts.total} tests pass. Exercise solved!`, 'pass');
    else if (opts.incomplete) this.announce(`Grading did not finish: ${opts.passed} of ${opts.total} tests pass. See the error above.`, 'fail');
    else this.announce(`${opts.passed} of ${opts.total} tests pass.`, 'fail');
  }
}
