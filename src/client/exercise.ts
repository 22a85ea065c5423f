// Exercise page behaviour: hints revealed one at a time, the copy button, and the "solved" mark.
import { isExerciseSolved, markSolved, onProgressChange } from './progress';

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

const toggle = document.querySelector<HTMLButtonElement>('[data-solved-toggle]');
if (toggle) {
  const id = toggle.dataset.solvedToggle!;
  const note = document.querySelector<HTMLElement>('.solved-note');
  onProgressChange(() => {
    const solved = isExerciseSolved(id);
    toggle.setAttribute('aria-pressed', String(solved));
    if (note) note.textContent = solved ? 'Marked as solved in this browser.' : 'Once the grader passes, mark the exercise solved to tick it off.';
  });
  toggle.addEventListener('click', () => markSolved(id, !isExerciseSolved(id)));
}
