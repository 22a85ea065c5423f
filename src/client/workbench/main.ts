// The exercise workbench: editor, autosave, compile, grade, results. Loaded by exercise pages only;
// Monaco and esbuild-wasm are dynamic imports of this module, so the page is usable (a plain text
// box holding the code) before they arrive.
import type { TestInfo } from '../../engine';
import { LearnerSourceMap } from '../../hosts/stack';
import { markSolved, readCode, readSolved, writeCode } from '../progress';
import { textareaHost, type EditorHost } from './host';
import { closeReplay } from './replay';
import { workbenchLayout } from './layout';
import '../cluster/replay-hook'; // the failing run in the cluster view (the viewer loads on first use)
import { ResultsView } from './results';
import { gradingRequests, runTests, warmWorker, type Run } from './runner';

interface WorkbenchData {
  exercise: string;
  title: string;
  kind: 'functions' | 'node';
  starter: string;
  starterFile: string;
  tests: TestInfo[];
  timeoutMs: number;
  prev?: { id: string; title: string; kind: 'functions' | 'node'; url: string };
}

type Compiler = typeof import('./compiler');
type EditorModule = typeof import('./editor');

const SAVE_DELAY_MS = 400;
const solutions = import.meta.glob<string>('../../../solutions/*/solution.ts', { query: '?raw', import: 'default' });

/** requestIdleCallback, with a timeout so it does run on a busy page (and a fallback for Safari). */
function idle(fn: () => void, timeout = 1500): void {
  if ('requestIdleCallback' in window) requestIdleCallback(() => fn(), { timeout });
  else setTimeout(fn, 200);
}

function init(root: HTMLElement): void {
  const data = JSON.parse(root.querySelector('script[data-workbench-data]')!.textContent!) as WorkbenchData;
  const id = data.exercise;
  const $ = <T extends HTMLElement = HTMLElement>(sel: string) => root.querySelector<T>(sel)!;
  const runButton = $<HTMLButtonElement>('[data-wb-run]');
  const stopButton = $<HTMLButtonElement>('[data-wb-stop]');
  const resetButton = $<HTMLButtonElement>('[data-wb-reset]');
  const undoBar = $('[data-wb-undo-bar]');
  const undoButton = $<HTMLButtonElement>('[data-wb-undo]');
  const undoText = $('[data-wb-undo-text]');
  const saveStatus = $('[data-wb-save]');
  const typeStatus = $('[data-wb-types]');
  const editorBox = $('[data-wb-editor]');
  const textarea = $<HTMLTextAreaElement>('[data-wb-textarea]');
  const resultsPanel = $('[data-wb-results]');
  const layout = workbenchLayout();
  const view = new ResultsView(
    resultsPanel,
    {
      exercise: id,
      starterFile: data.starterFile,
      reveal: (line, column) => {
        layout?.show('code');
        host.reveal(line, column);
      },
    },
    $('[data-wb-summary]'),
  );

  // ---- the code, restored ----
  const saved = readCode(id);
  const prevSolved = data.prev && data.prev.kind === 'node' && data.kind === 'node' ? readSolved(data.prev.id) : null;
  textarea.value = saved ?? data.starter;

  let host: EditorHost = textareaHost(textarea);
  const wire = (h: EditorHost) => {
    h.onChange(onEdit);
    h.onRun(() => void run());
    h.onLeave(() => runButton.focus());
  };
  wire(host);

  // ---- autosave: debounced, and flushed when the page is hidden or left ----
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  let dirty = false;
  function flushSave(): void {
    clearTimeout(saveTimer);
    if (!dirty) return;
    dirty = false;
    const code = host.getValue();
    writeCode(id, code);
    saveStatus.textContent = readCode(id) === code ? 'Saved in this browser.' : 'Could not save: this browser blocks storage for this site.';
  }
  function onEdit(): void {
    dirty = true;
    saveStatus.textContent = 'Saving…';
    clearTimeout(saveTimer);
    saveTimer = setTimeout(flushSave, SAVE_DELAY_MS);
  }
  addEventListener('pagehide', flushSave);
  addEventListener('course:progress-flush', flushSave); // the Progress panel is about to export
  addEventListener('beforeunload', flushSave);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flushSave();
  });
  saveStatus.textContent = saved !== null ? 'Your saved code was restored.' : 'Saved in this browser as you type.';

  /** Replaces the code (undoably) and offers an Undo button for this replacement. */
  function replaceCode(next: string, what: string): void {
    const previous = host.getValue();
    host.setValue(next);
    dirty = true;
    flushSave();
    if (previous === next) return;
    undoText.textContent = what;
    undoBar.hidden = false;
    undoButton.onclick = () => {
      host.setValue(previous);
      dirty = true;
      flushSave();
      undoBar.hidden = true;
      saveStatus.textContent = 'Your previous code is back.';
      host.focus();
    };
  }

  // ---- building on the previous exercise ----
  if (saved === null && prevSolved?.code) {
    const offer = $('[data-wb-offer]');
    offer.hidden = false;
    const prevCode = prevSolved.code;
    const done = () => {
      offer.hidden = true;
      host.focus();
    };
    $<HTMLButtonElement>('[data-wb-offer-own]').addEventListener('click', () => {
      replaceCode(prevCode, `Started from your code of “${data.prev!.title}”.`);
      done();
    });
    $<HTMLButtonElement>('[data-wb-offer-starter]').addEventListener('click', () => {
      writeCode(id, host.getValue());
      saveStatus.textContent = 'Starting from the clean starter.';
      done();
    });
  }

  resetButton.addEventListener('click', () => {
    if (host.getValue() === data.starter) {
      saveStatus.textContent = 'Your code is already the starter.';
      return;
    }
    if (!confirm('Replace your code with the clean starter? You can undo this right after.')) return;
    replaceCode(data.starter, 'Your code was replaced by the starter.');
  });

  // ---- Monaco, as soon as it loads ----
  let editorModule: Promise<EditorModule> | null = null;
  const loadEditor = () =>
    (editorModule ??= import('./editor').then(async (m) => {
      await m.ready();
      return m;
    }));
  loadEditor()
    .then((m) => {
      const hadFocus = document.activeElement === textarea;
      const value = textarea.value;
      const mount = document.createElement('div');
      mount.className = 'wb-code-editor';
      editorBox.append(mount);
      const monacoHost = m.mountEditor(mount, value, id);
      textarea.hidden = true;
      textarea.closest('.wb-textarea-wrap')?.setAttribute('hidden', '');
      host = monacoHost;
      wire(host);
      monacoHost.onTypeErrors((n) => {
        typeStatus.textContent = n ? `${n} type error${n === 1 ? '' : 's'} (underlined in the editor; they do not stop a run).` : '';
      });
      root.dataset.editor = 'monaco';
      if (hadFocus) host.focus();
      // Performance mark for the benchmark and tests.
      performance.mark('workbench:editor-ready');
    })
    .catch((error) => {
      root.dataset.editor = 'textarea';
      saveStatus.textContent = `The code editor could not load (${String(error?.message ?? error)}); the plain text box works the same.`;
    });

  // ---- compiler and warm worker, when the page is idle ----
  let compiler: Promise<Compiler> | null = null;
  const loadCompiler = (): Promise<Compiler> =>
    (compiler ??= import('./compiler').then(async (c) => {
      await c.initCompiler();
      return c;
    }));
  idle(() => {
    loadCompiler().catch(() => undefined);
    warmWorker();
  });

  // ---- running the tests ----
  let current: Run | null = null;
  // The Run button is never disabled while a run is on (a disabled button drops the focus to
  // <body>); it says it is busy, and a second press is ignored.
  const setRunning = (on: boolean) => {
    runButton.setAttribute('aria-disabled', String(on));
    runButton.setAttribute('aria-busy', String(on));
    stopButton.hidden = !on;
    root.toggleAttribute('data-running', on);
  };
  stopButton.addEventListener('click', () => current?.cancel());

  /** Brings the verdict where the learner looks: the Results tab on a phone, the first problem in view. */
  const showVerdict = (phase: 'start' | 'end') => {
    if (layout?.narrow()) {
      layout.show('results');
      if (phase === 'start') {
        // The tabs and the toolbar (Run, the summary) at the top of the screen, the results below them.
        // (The tabs are sticky: measure the work pane, which is not.)
        const tabs = root.querySelector<HTMLElement>('[data-wb-tabs]')?.offsetHeight ?? 0;
        const header = document.querySelector<HTMLElement>('.site-header')?.offsetHeight ?? 0;
        const work = root.querySelector<HTMLElement>('.wb-pane-work');
        if (work) scrollTo({ top: scrollY + work.getBoundingClientRect().top - header - tabs - 8, behavior: 'instant' });
      }
    }
    const target = phase === 'end' ? view.firstProblem() : null;
    if (layout?.narrow()) {
      // The page was scrolled to the toolbar when the run began; move only if the first problem starts below the fold.
      if (target && target.getBoundingClientRect().top > innerHeight - 80) scrollTo({ top: scrollY + target.getBoundingClientRect().top - innerHeight / 2, behavior: 'instant' });
    } else {
      // Only the results pane scrolls: the Run button and the summary stay where they are.
      resultsPanel.scrollTop = target ? Math.max(0, resultsPanel.scrollTop + target.getBoundingClientRect().top - resultsPanel.getBoundingClientRect().top - 8) : 0;
    }
  };

  async function run(): Promise<void> {
    if (current || runButton.getAttribute('aria-disabled') === 'true') return;
    setRunning(true);
    flushSave();
    closeReplay();
    const source = host.getValue();
    showVerdict('start');
    // An empty editor: one message, not a failure per test.
    if (!source.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '').trim()) {
      view.empty(data.kind);
      setRunning(false);
      showVerdict('end');
      return;
    }
    view.compiling();
    let compiled;
    try {
      compiled = await (await loadCompiler()).compile(source, data.starterFile.split('/').pop() ?? 'node.ts');
    } catch (error) {
      compiler = null;
      view.announce(`The compiler could not start: ${String((error as Error)?.message ?? error)}. Reload the page to try again.`, 'fail');
      setRunning(false);
      return;
    }
    if (!compiled.ok) {
      host.setProblems('compile', compiled.problems);
      view.compileErrors(compiled.problems);
      setRunning(false);
      showVerdict('end');
      return;
    }
    host.setProblems('compile', []);
    const map = new LearnerSourceMap(compiled.map);
    view.start(data.tests);
    const started = performance.now();
    current = runTests(
      id,
      compiled.code,
      data.tests,
      {},
      {
        onStart: (_i, test) => view.running(test),
        onResult: (_i, result) => view.result(result, map),
        onFatal: (message, stack, kind) => view.problem(message, map.frames(stack), kind),
      },
      data.timeoutMs,
    );
    const outcome = await current.done;
    current = null;
    // Solved only when the worker reported every test of the suite, each passing, and nothing was cut short.
    const ids = data.tests.map((t) => t.id);
    const passing = new Set(outcome.results.filter((r) => r.status === 'pass').map((r) => r.id));
    const solved =
      outcome.solved &&
      !outcome.incomplete &&
      outcome.timeouts.length === 0 &&
      outcome.results.length === ids.length &&
      outcome.results.every((r) => r.status === 'pass') &&
      ids.every((t) => passing.has(t));
    if (solved) markSolved(id, true, source);
    view.finish({ passed: passing.size, total: ids.length, solved, cancelled: outcome.cancelled, incomplete: outcome.incomplete });
    root.dataset.lastRunMs = String(Math.round(performance.now() - started));
    setRunning(false);
    showVerdict('end');
    idle(warmWorker, 500);
  }
  runButton.addEventListener('click', () => void run());
  // Ctrl/Cmd+Enter anywhere in the workbench (Monaco and the text box handle it themselves too).
  root.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.defaultPrevented) {
      e.preventDefault();
      void run();
    }
  });

  // ---- the reference solution, after a confirmation ----
  const reveal = $<HTMLButtonElement>('[data-wb-reveal]');
  const solutionBox = $('[data-wb-solution]');
  const copySolution = $<HTMLButtonElement>('[data-wb-copy-solution]');
  let solutionText: string | null = null;
  reveal.addEventListener('click', async () => {
    if (!solutionBox.hidden) {
      solutionBox.hidden = true;
      reveal.textContent = 'Show the reference solution';
      reveal.setAttribute('aria-expanded', 'false');
      return;
    }
    if (solutionText === null && !confirm('Show the reference solution? Trying a little longer, or opening the next hint, teaches more. Your own code stays as it is.')) return;
    const load = solutions[`../../../solutions/${id}/solution.ts`];
    if (!load) {
      reveal.textContent = 'No reference solution for this exercise';
      return;
    }
    solutionText ??= await load();
    const view = $('[data-wb-solution-view]');
    if (!view.childElementCount) {
      try {
        const m = await loadEditor();
        const box = document.createElement('div');
        box.className = 'wb-code-editor wb-solution-editor';
        view.append(box);
        m.mountReadOnly(box, solutionText, id);
      } catch {
        const pre = document.createElement('pre');
        pre.className = 'wb-code';
        pre.tabIndex = 0;
        pre.textContent = solutionText;
        view.append(pre);
      }
    }
    solutionBox.hidden = false;
    reveal.textContent = 'Hide the reference solution';
    reveal.setAttribute('aria-expanded', 'true');
  });
  copySolution.addEventListener('click', () => {
    if (solutionText === null) return;
    if (!confirm('Replace the code in your editor with the reference solution? You can undo this right after.')) return;
    replaceCode(solutionText, 'Your code was replaced by the reference solution.');
    host.focus();
  });

  // An import of progress (Progress panel) may bring code for this exercise.
  addEventListener('course:progress-imported', () => {
    const code = readCode(id);
    if (code !== null && code !== host.getValue()) replaceCode(code, 'Your code was replaced by the imported code.');
  });

  // Hooks for the end-to-end tests and the benchmark (the page's own code; the learner's code runs in a worker).
  (window as unknown as { __workbench: unknown }).__workbench = {
    getCode: () => host.getValue(),
    cursor: () => host.cursor(),
    setCode: (text: string) => {
      host.setValue(text);
      onEdit();
    },
    run: () => run(),
    gradingRuns: () => gradingRequests(),
    markers: async (owner?: string) => (await loadEditor()).markers(id, owner),
  };
}

const root = document.querySelector<HTMLElement>('[data-workbench]');
if (root) init(root);
