// Progress ticks: any element with data-progress="lesson:<id>" or "exercise:<id>" gets data-done
// when that lesson's quiz is passed or that exercise is solved. Reads only through progress.ts.
import { isExerciseSolved, isLessonPassed, onProgressChange } from './progress';

function render(): void {
  for (const el of document.querySelectorAll<HTMLElement>('[data-progress]')) {
    const [kind, id] = (el.dataset.progress ?? '').split(':');
    const done = kind === 'lesson' ? isLessonPassed(id) : kind === 'exercise' ? isExerciseSolved(id) : false;
    el.toggleAttribute('data-done', done);
    const status = el.querySelector<HTMLElement>('.tick-status');
    if (status) status.textContent = done ? (kind === 'lesson' ? ' (quiz passed)' : ' (solved)') : '';
  }
}

onProgressChange(render);
