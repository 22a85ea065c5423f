// The Progress panel (a modal <dialog>), loaded only when its button is used: what this browser
// stores, export to a JSON file, import from one after showing what would change.
import './progress-panel.css';
import { onProgressChange, progressKeys } from './progress';
import { applyImport, exportFileName, exportProgress, parseProgressFile, planImport, type Change } from './progress-transfer';

let dialog: HTMLDialogElement | null = null;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

function summary(): string {
  const keys = progressKeys();
  const count = (k: string) => keys.filter((x) => x.kind === k).length;
  const quiz = count('quiz');
  const solved = count('solved');
  const code = count('code');
  if (!quiz && !solved && !code) return 'This browser holds no progress yet.';
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return `This browser holds ${plural(quiz, 'quiz result', 'quiz results')}, ${plural(solved, 'solved exercise', 'solved exercises')} and saved code for ${plural(code, 'exercise', 'exercises')}.`;
}

function build(): HTMLDialogElement {
  const status = el('p', { class: 'pp-status', role: 'status', 'data-pp-status': '' });
  const held = el('p', { 'data-pp-summary': '' });
  const exportButton = el('button', { type: 'button', class: 'button', 'data-pp-export': '' }, 'Export to a file');
  const fileInput = el('input', { type: 'file', accept: 'application/json,.json', hidden: '', 'aria-label': 'Progress file to import', 'data-pp-file': '' });
  const importButton = el('button', { type: 'button', class: 'button button-quiet', 'data-pp-import': '' }, 'Import from a file…');
  importButton.addEventListener('click', () => fileInput.click());
  const review = el('div', { class: 'pp-review', 'data-pp-review': '', hidden: '' });
  const close = el('button', { type: 'button', class: 'button button-quiet button-small pp-close', 'data-pp-close': '' }, 'Close');
  const d = el(
    'dialog',
    { class: 'progress-panel', 'aria-labelledby': 'pp-title', 'data-progress-panel': '' },
    el('div', { class: 'pp-head' }, el('h2', { id: 'pp-title' }, 'Your progress'), close),
    el('p', {}, 'Quiz results, solved exercises and the code you wrote live only in this browser. Export them to a file to keep a copy or to move to another browser, and import that file there.'),
    held,
    el('div', { class: 'pp-actions' }, exportButton, importButton, fileInput),
    status,
    review,
  );
  d.addEventListener('close', () => {
    review.hidden = true;
    review.replaceChildren();
  });
  close.addEventListener('click', () => d.close());
  // A click on the backdrop (outside the panel's box) closes it too.
  d.addEventListener('click', (e) => {
    if (e.target === d) {
      const r = d.getBoundingClientRect();
      if (e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom) d.close();
    }
  });
  onProgressChange(() => (held.textContent = summary()));

  exportButton.addEventListener('click', () => {
    // An editor with unsaved keystrokes saves them first (synchronously).
    window.dispatchEvent(new CustomEvent('course:progress-flush'));
    const file = exportProgress();
    const blob = new Blob([JSON.stringify(file, null, 2)], { type: 'application/json' });
    const a = el('a', { href: URL.createObjectURL(blob), download: exportFileName() });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    const n = Object.keys(file.quiz).length + Object.keys(file.solved).length + Object.keys(file.code).length;
    status.textContent = `Exported ${n} entr${n === 1 ? 'y' : 'ies'} to ${a.download}.`;
  });

  fileInput.addEventListener('change', async () => {
    const f = fileInput.files?.[0];
    fileInput.value = '';
    review.hidden = true;
    review.replaceChildren();
    if (!f) return;
    const text = f.size > 8 * 1024 * 1024 ? '' : await f.text();
    const parsed = parseProgressFile(text);
    if (!parsed.ok) {
      status.textContent = parsed.error;
      status.dataset.kind = 'error';
      return;
    }
    delete status.dataset.kind;
    const changes = planImport(parsed.file);
    showReview(review, status, changes, f.name);
  });
  document.body.append(d);
  return d;
}

function showReview(review: HTMLElement, status: HTMLElement, changes: Change[], name: string): void {
  const changing = changes.filter((c) => c.action !== 'same');
  const same = changes.length - changing.length;
  if (!changing.length) {
    status.textContent = `${name}: nothing to import, this browser already has all ${changes.length} entries of the file.`;
    return;
  }
  status.textContent = `${name}: ${changing.length} change${changing.length === 1 ? '' : 's'} to review below.`;
  const list = el('ul', { class: 'pp-changes' });
  for (const c of changing) {
    const li = el('li', { 'data-action': c.action }, el('strong', {}, c.action === 'add' ? 'Add: ' : 'Replace: '), c.label);
    if (c.before) li.append(el('span', { class: 'pp-before' }, ` (replaces ${c.before})`));
    list.append(li);
  }
  const apply = el('button', { type: 'button', class: 'button', 'data-pp-apply': '' }, `Import ${changing.length} change${changing.length === 1 ? '' : 's'}`);
  const cancel = el('button', { type: 'button', class: 'button button-quiet', 'data-pp-cancel': '' }, 'Cancel');
  review.replaceChildren(
    el('h3', { id: 'pp-review-title' }, 'Import this file?'),
    el('p', {}, `Progress in this browser that the file does not mention is kept.${same ? ` ${same} entr${same === 1 ? 'y is' : 'ies are'} already the same.` : ''}`),
    list,
    el('div', { class: 'pp-actions' }, apply, cancel),
  );
  review.hidden = false;
  apply.focus();
  apply.addEventListener('click', () => {
    const n = applyImport(changing);
    review.hidden = true;
    review.replaceChildren();
    status.textContent = `Imported ${n} entr${n === 1 ? 'y' : 'ies'}. Reload the page to see your code in the editor.`;
    // Editors holding this exercise's code reload it from storage on this event.
    window.dispatchEvent(new CustomEvent('course:progress-imported'));
  });
  cancel.addEventListener('click', () => {
    review.hidden = true;
    review.replaceChildren();
    status.textContent = 'Import cancelled: nothing was changed.';
  });
}

export function openProgressPanel(): void {
  dialog ??= build();
  const held = dialog.querySelector<HTMLElement>('[data-pp-summary]');
  if (held) held.textContent = summary();
  if (!dialog.open) dialog.showModal();
}
