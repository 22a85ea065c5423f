// Exercise page behaviour: hints revealed one at a time, the copy button, and the "solved" note.
// An exercise is marked solved only by the workbench (src/client/workbench/main.ts), when every
// hidden test passed in the grading worker.
import { onProgressChange, readSolved } from './progress';

// Hints: hint k+1 is hidden until hint k has been opened once.
for (const list of document.querySelectorAll<HTMLElement>('[data-hints]')) {
  const hints = [...list.querySelectorAll<HTMLDetailsElement>('details[data-hint]')];
  hints.forEach((d, i) => {
    if (i > 0) d.hidden = true;
    d.addEventListener('toggle', () => {
      if (d.open && hints[i + 1]) hints[i + 1].hidden = false;
    });
  });
}

for (const btn of document.querySelectorAll<HTMLButtonElement>('[data-copy]')) {
  btn.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(btn.dataset.copy ?? '');
      btn.textContent = 'Copied';
    } catch {
      btn.textContent = 'Select and copy';
    }
    setTimeout(() => (btn.textContent = 'Copy'), 2000);
  });
}

const note = document.querySelector<HTMLElement>('[data-solved-note]');
if (note) {
  const id = note.dataset.solvedNote!;
  onProgressChange(() => {
    const solved = readSolved(id);
    // Short: it sits on the title's line. The date in the learner's own locale format.
    const date = solved ? new Date(solved.solvedAt) : null;
    note.textContent = date ? `Solved${Number.isNaN(date.getTime()) ? '' : ` on ${new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(date)}`}` : 'Not solved yet';
    note.title = solved ? 'Every test passed in this browser.' : 'The exercise is ticked off once every test passes here.';
  });
}
