// Home page: "Continue where you left off" (the first lesson whose quiz is not passed yet, or exercise
// not solved, in the course's order) and overall progress, shown once the learner has any progress
// in this browser. Reads only through progress.ts.
import { isExerciseSolved, isLessonPassed, onProgressChange, progressKeys } from './progress';

interface Step {
  kind: 'lesson' | 'exercise';
  id: string;
  title: string;
  url: string;
  label: string;
}

const box = document.querySelector<HTMLElement>('[data-continue]');
if (box) {
  const steps = JSON.parse(box.querySelector('[data-continue-steps]')!.textContent!) as Step[];
  const next = box.querySelector<HTMLElement>('[data-continue-next]')!;
  const progress = box.querySelector<HTMLElement>('[data-continue-progress]')!;
  const bar = box.querySelector<HTMLElement>('[data-continue-bar]')!;
  onProgressChange(() => {
    const done = (s: Step) => (s.kind === 'lesson' ? isLessonPassed(s.id) : isExerciseSolved(s.id));
    const lessons = steps.filter((s) => s.kind === 'lesson');
    const exercises = steps.filter((s) => s.kind === 'exercise');
    const passed = lessons.filter(done).length;
    const solved = exercises.filter(done).length;
    box.hidden = progressKeys().length === 0;
    if (box.hidden) return;
    const todo = steps.find((s) => !done(s));
    if (todo) {
      const a = document.createElement('a');
      a.className = 'button button-large';
      a.href = todo.url;
      a.dataset.continueLink = todo.id;
      a.textContent = `${todo.label}: ${todo.title}`;
      next.replaceChildren(a);
    } else next.textContent = 'You have passed every lesson and solved every exercise. Well done!';
    progress.textContent = `${passed} of ${lessons.length} lessons passed · ${solved} of ${exercises.length} exercises solved`;
    bar.style.width = `${steps.length ? Math.round(((passed + solved) / steps.length) * 100) : 0}%`;
  });
}
