// Monaco for the exercise workbench, loaded on exercise pages only (a dynamic import from main.ts).
// Monaco itself is not bundled by Vite: scripts/monaco.mjs bundles it once with esbuild (see
// monaco-entry.ts for what it holds) into public/vendor/monaco-<key>/, and ready() loads that module,
// its stylesheet and, on demand, its workers. This module adds the course's settings on top.
import type * as MonacoApi from 'monaco-editor/editor/editor.api';
import raftTypes from '../../engine/contract/raft.d.ts?raw';
import globalTypes from '../../engine/contract/globals.d.ts?raw';
import type { EditorHost, Problem } from './host';

/** public/vendor/monaco-<key>/, set by astro.config.mjs from scripts/monaco.mjs. */
declare const __MONACO_DIR__: string;
type Bundle = typeof import('./monaco-entry');
const dir = `${import.meta.env.BASE_URL.replace(/\/?$/, '/')}${__MONACO_DIR__}`;

let monaco: typeof MonacoApi;
let ts: Pick<Bundle, 'ModuleKind' | 'ModuleResolutionKind' | 'ScriptTarget' | 'typescriptDefaults'>;
let loading: Promise<void> | null = null;

/** Loads Monaco (module, stylesheet) once; everything else here needs it first. */
export function ready(): Promise<void> {
  loading ??= (async () => {
    const css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = `${dir}editor.css`;
    const styled = new Promise((resolve) => {
      css.onload = css.onerror = resolve;
    });
    document.head.append(css);
    // Monaco 0.56+: the host says how to start each language worker (module workers of the bundle).
    (self as unknown as { MonacoEnvironment: MonacoApi.Environment }).MonacoEnvironment = {
      getWorker(_workerId: string, label: string) {
        const file = label === 'typescript' || label === 'javascript' ? 'ts.worker.js' : 'editor.worker.js';
        return new Worker(`${dir}${file}`, { type: 'module', name: label });
      },
    };
    const bundle = (await import(/* @vite-ignore */ `${dir}editor.js`)) as Bundle;
    monaco = bundle.monaco;
    ts = bundle;
    defineThemes();
    await styled;
  })();
  loading.catch(() => (loading = null));
  return loading;
}

let configured = false;
function configureTypeScript(): void {
  if (configured) return;
  configured = true;
  const { typescriptDefaults, ScriptTarget, ModuleKind, ModuleResolutionKind } = ts;
  typescriptDefaults.setCompilerOptions({
    target: ScriptTarget.ESNext,
    module: ModuleKind.ESNext,
    moduleResolution: ModuleResolutionKind.NodeJs,
    lib: ['es2022'], // no DOM: the node runs in a simulator whose globals are globals.d.ts
    strict: true,
    noEmit: true,
    allowNonTsExtensions: true,
  });
  typescriptDefaults.setDiagnosticsOptions({ noSemanticValidation: false, noSyntaxValidation: false });
  // The learner's `import type { ... } from 'raft'` resolves to the course contract.
  typescriptDefaults.addExtraLib(`declare module 'raft' {\n${raftTypes}\n}\n`, 'file:///node_modules/@types/raft/index.d.ts');
  typescriptDefaults.addExtraLib(globalTypes, 'file:///node_modules/@types/raft-globals/index.d.ts');
}

// Monaco's own themes, with the few token colours that miss WCAG AA contrast (4.5:1) darkened or lightened.
function defineThemes(): void {
  monaco.editor.defineTheme('course-light', {
    base: 'vs',
    inherit: true,
    rules: [{ token: 'annotation', foreground: '6B6B6B' }],
    colors: {},
  });
  monaco.editor.defineTheme('course-dark', {
    base: 'vs-dark',
    inherit: true,
    rules: [
      { token: 'comment', foreground: '6A9955' },
      { token: 'regexp', foreground: 'D16969' },
      { token: 'annotation', foreground: 'E07A7A' },
      { token: 'variable.predefined', foreground: '7C9FDB' },
      { token: 'delimiter.html', foreground: '9A9A9A' },
    ],
    colors: { 'editorLineNumber.foreground': '#9A9A9A' },
  });
}

const theme = () => (document.documentElement.dataset.theme === 'dark' ? 'course-dark' : 'course-light');
let themeWatch = false;
function followSiteTheme(): void {
  if (themeWatch) return;
  themeWatch = true;
  new MutationObserver(() => monaco.editor.setTheme(theme())).observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
}

const baseOptions: MonacoApi.editor.IStandaloneEditorConstructionOptions = {
  automaticLayout: true,
  minimap: { enabled: false },
  fontSize: 14,
  tabSize: 2,
  insertSpaces: true,
  scrollBeyondLastLine: false,
  fixedOverflowWidgets: true,
  renderLineHighlight: 'line',
  accessibilitySupport: 'auto',
  stickyScroll: { enabled: false },
  // The long-standing hidden-textarea input path rather than the newer EditContext API: it is what
  // screen readers and automated keyboards (the e2e tests) know best.
  editContext: false,
};

export interface MonacoHost extends EditorHost {
  /** Type errors from the TypeScript service (shown, never blocking a run). */
  onTypeErrors(fn: (count: number) => void): void;
  editor: MonacoApi.editor.IStandaloneCodeEditor;
}

export function mountEditor(container: HTMLElement, value: string, exercise: string): MonacoHost {
  configureTypeScript();
  followSiteTheme();
  const uri = monaco.Uri.parse(`file:///exercises/${exercise}/node.ts`);
  const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(value, 'typescript', uri);
  model.setValue(value);
  model.updateOptions({ tabSize: 2, insertSpaces: true });
  const editor = monaco.editor.create(container, {
    ...baseOptions,
    model,
    theme: theme(),
    ariaLabel: 'Your solution, TypeScript. Ctrl+Enter runs the tests. Escape leaves the editor. Ctrl+M toggles whether Tab moves focus out of the editor.',
  });
  const runners: (() => void)[] = [];
  editor.addAction({
    id: 'course.run-tests',
    label: 'Run tests',
    keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter],
    run: () => runners.forEach((fn) => fn()),
  });
  // Escape leaves the editor (to the Run button) unless one of the editor's own widgets or modes
  // wants it first: suggestions, find, parameter hints, rename, error navigation, peek, snippets,
  // several cursors, a hover, the code-action menu.
  const leavers: (() => void)[] = [];
  editor.addCommand(
    monaco.KeyCode.Escape,
    () => leavers.forEach((fn) => fn()),
    [
      '!suggestWidgetVisible',
      '!findWidgetVisible',
      '!parameterHintsVisible',
      '!renameInputVisible',
      '!markersNavigationVisible',
      '!referenceSearchVisible',
      '!inSnippetMode',
      '!editorHasMultipleSelections',
      '!editorHoverVisible',
      '!codeActionMenuVisible',
      '!inlineSuggestionVisible',
      '!accessibilityHelpWidgetVisible',
    ].join(' && '),
  );
  const typeListeners: ((n: number) => void)[] = [];
  const countTypeErrors = () => {
    const n = monaco.editor.getModelMarkers({ resource: uri, owner: 'typescript' }).filter((m) => m.severity === monaco.MarkerSeverity.Error).length;
    for (const fn of typeListeners) fn(n);
  };
  monaco.editor.onDidChangeMarkers((uris) => {
    if (uris.some((u) => u.toString() === uri.toString())) countTypeErrors();
  });

  return {
    kind: 'monaco',
    editor,
    getValue: () => model.getValue(),
    setValue(text) {
      editor.pushUndoStop();
      editor.executeEdits('workbench', [{ range: model.getFullModelRange(), text, forceMoveMarkers: true }]);
      editor.pushUndoStop();
      editor.setPosition({ lineNumber: 1, column: 1 });
    },
    onChange: (fn) => void model.onDidChangeContent(() => fn()),
    reveal(line, column = 1) {
      const lineNumber = Math.min(Math.max(1, line), model.getLineCount());
      editor.setPosition({ lineNumber, column });
      editor.revealLineInCenter(lineNumber);
      editor.focus();
    },
    focus: () => editor.focus(),
    cursor() {
      const p = editor.getPosition();
      return { line: p?.lineNumber ?? 1, column: p?.column ?? 1 };
    },
    setProblems(owner: string, problems: Problem[]) {
      monaco.editor.setModelMarkers(
        model,
        owner,
        problems.map((p) => {
          const line = Math.min(Math.max(1, p.line), model.getLineCount());
          const word = model.getWordAtPosition({ lineNumber: line, column: p.column });
          const end = word && word.endColumn > p.column ? word.endColumn : Math.max(p.column + 1, model.getLineMaxColumn(line));
          return { severity: monaco.MarkerSeverity.Error, message: p.message, startLineNumber: line, startColumn: p.column, endLineNumber: line, endColumn: end, source: 'esbuild' };
        }),
      );
    },
    onRun: (fn) => runners.push(fn),
    onLeave: (fn) => leavers.push(fn),
    onTypeErrors: (fn) => {
      typeListeners.push(fn);
      countTypeErrors();
    },
  };
}

/** A read-only editor (the reference solution), beside the learner's, never sharing its model. */
export function mountReadOnly(container: HTMLElement, value: string, exercise: string): MonacoApi.editor.IStandaloneCodeEditor {
  configureTypeScript();
  followSiteTheme();
  const uri = monaco.Uri.parse(`file:///solutions/${exercise}/solution.ts`);
  const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(value, 'typescript', uri);
  return monaco.editor.create(container, {
    ...baseOptions,
    model,
    readOnly: true,
    theme: theme(),
    ariaLabel: 'Reference solution, read only',
  });
}

/** Test and benchmark hook: the markers Monaco shows for the learner's model. */
export function markers(exercise: string, owner?: string): { owner: string; line: number; message: string }[] {
  const uri = monaco.Uri.parse(`file:///exercises/${exercise}/node.ts`);
  return monaco.editor.getModelMarkers({ resource: uri, owner }).map((m) => ({ owner: m.owner, line: m.startLineNumber, message: m.message }));
}
