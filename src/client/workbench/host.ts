// What the workbench needs from an editor. Two implementations: the plain <textarea> the page is
// rendered with (usable at once, and the fallback if Monaco cannot load), and Monaco (editor.ts).

export interface Problem {
  message: string;
  line: number;
  column: number;
}

export interface EditorHost {
  readonly kind: 'textarea' | 'monaco';
  getValue(): string;
  /** Replaces the whole text as one step the editor's own undo (Ctrl+Z) can take back. */
  setValue(text: string): void;
  onChange(fn: () => void): void;
  /** Puts the caret at a line (1-based) and column, scrolls it into view and focuses the editor. */
  reveal(line: number, column?: number): void;
  focus(): void;
  /** The caret's line and column (1-based). */
  cursor(): { line: number; column: number };
  /** Shows problems of one kind ('compile') as markers; an empty list clears them. */
  setProblems(owner: string, problems: Problem[]): void;
  /** Ctrl/Cmd+Enter inside the editor. */
  onRun(fn: () => void): void;
  /** Escape inside the editor, when no widget of the editor (suggestions, find...) is open: leave it. */
  onLeave(fn: () => void): void;
}

export function textareaHost(textarea: HTMLTextAreaElement): EditorHost {
  const runners: (() => void)[] = [];
  const leavers: (() => void)[] = [];
  textarea.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      for (const fn of runners) fn();
    } else if (e.key === 'Escape' && !textarea.hidden) {
      e.preventDefault();
      for (const fn of leavers) fn();
    }
  });
  return {
    kind: 'textarea',
    getValue: () => textarea.value,
    setValue(text) {
      textarea.focus();
      textarea.select();
      // execCommand keeps the browser's own undo history; fall back to a plain assignment.
      if (!document.execCommand?.('insertText', false, text)) textarea.value = text;
      if (textarea.value !== text) textarea.value = text;
      textarea.dispatchEvent(new Event('input'));
    },
    onChange: (fn) => textarea.addEventListener('input', fn),
    reveal(line, column = 1) {
      const lines = textarea.value.split('\n');
      let offset = 0;
      for (let i = 0; i < Math.min(line - 1, lines.length); i++) offset += lines[i]!.length + 1;
      offset += Math.max(0, column - 1);
      textarea.focus();
      textarea.setSelectionRange(offset, offset);
    },
    focus: () => textarea.focus(),
    cursor() {
      const before = textarea.value.slice(0, textarea.selectionStart).split('\n');
      return { line: before.length, column: before[before.length - 1]!.length + 1 };
    },
    setProblems(_owner, problems) {
      textarea.setAttribute('aria-invalid', String(problems.length > 0));
    },
    onRun: (fn) => runners.push(fn),
    onLeave: (fn) => leavers.push(fn),
  };
}
