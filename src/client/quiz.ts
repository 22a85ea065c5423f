// Quiz island: progressive enhancement of the server-rendered questions in <course-quiz>.
// The answer key (with an explanation per option) is a JSON script inside the element.
import { numericMatches, parseNumber } from './answers';
import { clearQuiz, readQuiz, writeQuiz, type QuizAnswer } from './progress';

type KeyQuestion =
  | { id: string; type: 'choice'; options: { correct: boolean; explanation: string }[] }
  | { id: string; type: 'numeric'; answer: number; explanation: string };

class CourseQuiz extends HTMLElement {
  private key: KeyQuestion[] = [];
  private answers: Record<string, QuizAnswer> = {};
  private lessonId = '';

  connectedCallback(): void {
    this.lessonId = this.dataset.lessonId ?? '';
    try {
      this.key = JSON.parse(this.querySelector('script[type="application/json"]')?.textContent ?? '[]');
    } catch {
      return;
    }
    const stored = readQuiz(this.lessonId);
    this.answers = { ...(stored?.answers ?? {}) };

    for (const form of this.querySelectorAll<HTMLFormElement>('form[data-qid]')) {
      const q = this.key.find((k) => k.id === form.dataset.qid);
      if (!q) continue;
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        this.check(form, q, true);
      });
      const prev = this.answers[q.id];
      if (prev) {
        this.restore(form, q, prev.value);
        this.check(form, q, false);
      }
    }
    this.querySelector('[data-quiz-reset]')?.addEventListener('click', () => this.reset());
    this.toggleAttribute('data-ready', true);
    this.updateScore(false);
  }

  private restore(form: HTMLFormElement, q: KeyQuestion, value: string): void {
    if (q.type === 'choice') {
      const radio = form.querySelector<HTMLInputElement>(`input[type="radio"][value="${CSS.escape(value)}"]`);
      if (radio) radio.checked = true;
    } else {
      const input = form.querySelector<HTMLInputElement>('input[name="answer"]');
      if (input) input.value = value;
    }
  }

  private check(form: HTMLFormElement, q: KeyQuestion, fromUser: boolean): void {
    const feedback = form.querySelector<HTMLElement>('.q-feedback');
    if (!feedback) return;
    let value: string;
    let correct: boolean;
    let explanation: string;
    if (q.type === 'choice') {
      const chosen = form.querySelector<HTMLInputElement>('input[type="radio"]:checked');
      if (!chosen) return this.say(form, feedback, 'pending', 'Choose an answer first.', '');
      value = chosen.value;
      const option = q.options[Number(value)];
      if (!option) return;
      correct = option.correct;
      explanation = option.explanation;
    } else {
      const input = form.querySelector<HTMLInputElement>('input[name="answer"]');
      value = input?.value.trim() ?? '';
      const n = parseNumber(value);
      if (n === null) return this.say(form, feedback, 'pending', 'Type a number first.', '');
      correct = numericMatches(n, q.answer);
      explanation = q.explanation;
      input?.setAttribute('aria-invalid', String(!correct));
    }
    this.say(form, feedback, correct ? 'correct' : 'incorrect', correct ? 'Correct.' : 'Not quite.', explanation);
    const everCorrect = correct || this.answers[q.id]?.everCorrect === true;
    this.answers[q.id] = { value, correct, everCorrect };
    if (fromUser) {
      writeQuiz(
        this.lessonId,
        this.answers,
        this.key.map((k) => k.id),
      );
      this.updateScore(true);
    }
  }

  private say(form: HTMLFormElement, el: HTMLElement, state: string, verdict: string, explanationHtml: string): void {
    form.dataset.state = state;
    // Explanations are build-time HTML from the lesson's own frontmatter (escaped, with `code` spans).
    el.innerHTML = `<strong class="q-verdict">${verdict}</strong> ${explanationHtml}`;
  }

  private updateScore(announce: boolean): void {
    const score = this.querySelector<HTMLElement>('[data-quiz-score]');
    if (!score) return;
    const total = this.key.length;
    const now = this.key.filter((k) => this.answers[k.id]?.correct).length;
    const ever = this.key.filter((k) => this.answers[k.id]?.everCorrect).length;
    const answered = this.key.filter((k) => this.answers[k.id]).length;
    const passed = total > 0 && ever === total;
    this.toggleAttribute('data-passed', passed);
    const text =
      answered === 0
        ? `${total} questions. Answer every one correctly to pass this lesson.`
        : `Score: ${now} of ${total} correct.` +
          (passed ? ' Lesson passed.' : ` ${ever} of ${total} answered correctly at least once.`);
    // The live region only speaks after a learner action, not on page load.
    score.setAttribute('aria-live', announce ? 'polite' : 'off');
    score.textContent = text;
  }

  private reset(): void {
    clearQuiz(this.lessonId);
    this.answers = {};
    for (const form of this.querySelectorAll<HTMLFormElement>('form[data-qid]')) {
      form.reset();
      delete form.dataset.state;
      form.querySelector('[aria-invalid]')?.removeAttribute('aria-invalid');
      const fb = form.querySelector('.q-feedback');
      if (fb) fb.textContent = '';
    }
    this.updateScore(true);
    this.querySelector<HTMLElement>('input')?.focus();
  }
}

if (!customElements.get('course-quiz')) customElements.define('course-quiz', CourseQuiz);
