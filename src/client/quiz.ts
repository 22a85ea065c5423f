// Quiz island: progressive enhancement of the server-rendered questions in <course-quiz>.
// The answer key (with an explanation per option) is a JSON script inside the element. Choice options are
// shown in a build-time order, but a radio's value is the option's original index, which is what is saved.
// A wrong numeric answer shows the question's hint; the worked answer comes only after a second miss or when
// the learner asks for it ("Show the answer"), so one wrong guess does not give the number away.
import { numericMatches, parseNumber } from './answers';
import { clearQuiz, readQuiz, writeQuiz, type QuizAnswer } from './progress';

type KeyQuestion =
  | { id: string; type: 'choice'; options: { correct: boolean; explanation: string }[] }
  | { id: string; type: 'numeric'; answer: number; unit?: string; hint: string; explanation: string };

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

class CourseQuiz extends HTMLElement {
  private key: KeyQuestion[] = [];
  private answers: Record<string, QuizAnswer> = {};
  private lessonId = '';
  /** Wrong numeric answers per question in this visit (a restored wrong answer counts as one). */
  private misses: Record<string, number> = {};

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
      if (q.type === 'numeric') {
        form.querySelector<HTMLButtonElement>('[data-quiz-reveal]')?.addEventListener('click', () => this.reveal(form, q));
      }
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
      input?.setAttribute('aria-invalid', String(!correct));
      const revealButton = form.querySelector<HTMLButtonElement>('[data-quiz-reveal]');
      if (correct) {
        explanation = q.explanation;
        if (revealButton) revealButton.hidden = true;
      } else {
        const misses = (this.misses[q.id] = (this.misses[q.id] ?? 0) + 1);
        // First miss: the hint and an offer. Second miss (in this visit): the worked answer.
        if (misses >= 2 && fromUser) {
          explanation = this.answerHtml(q);
          if (revealButton) revealButton.hidden = true;
        } else {
          explanation = `<span class="q-hint"><strong>Hint:</strong> ${q.hint}</span>`;
          if (revealButton) revealButton.hidden = false;
        }
      }
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

  private answerHtml(q: Extract<KeyQuestion, { type: 'numeric' }>): string {
    const unit = q.unit ? ` ${escapeHtml(q.unit)}` : '';
    return `<span class="q-answer">The answer is <strong>${escapeHtml(String(q.answer))}${unit}</strong>.</span> ${q.explanation}`;
  }

  /** "Show the answer": the worked explanation on request, without counting as an answer. */
  private reveal(form: HTMLFormElement, q: Extract<KeyQuestion, { type: 'numeric' }>): void {
    const feedback = form.querySelector<HTMLElement>('.q-feedback');
    const button = form.querySelector<HTMLButtonElement>('[data-quiz-reveal]');
    if (!feedback) return;
    this.say(form, feedback, form.dataset.state === 'correct' ? 'correct' : 'revealed', 'Answer shown.', this.answerHtml(q));
    if (button) button.hidden = true;
    // The button disappears, so keep the keyboard user in the question: back to the input.
    form.querySelector<HTMLInputElement>('input[name="answer"]')?.focus();
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
    this.misses = {};
    for (const form of this.querySelectorAll<HTMLFormElement>('form[data-qid]')) {
      form.reset();
      delete form.dataset.state;
      form.querySelector('[aria-invalid]')?.removeAttribute('aria-invalid');
      const fb = form.querySelector('.q-feedback');
      if (fb) fb.textContent = '';
      const reveal = form.querySelector<HTMLButtonElement>('[data-quiz-reveal]');
      if (reveal) reveal.hidden = true;
    }
    this.updateScore(true);
    this.querySelector<HTMLElement>('input')?.focus();
  }
}

if (!customElements.get('course-quiz')) customElements.define('course-quiz', CourseQuiz);
