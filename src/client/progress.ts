// Learner progress, kept in localStorage under versioned keys. The one module that reads or writes it:
// the quiz, the sidebar ticks and (later) the exercise workbench all go through these helpers.
//
//   course:v1:quiz:<lessonId>     -> QuizRecord
//   course:v1:solved:<exerciseId> -> SolvedRecord
//   course:v1:code:<exerciseId>   -> string (reserved for the workbench editor)

export const PREFIX = 'course:v1:';
export const THEME_KEY = `${PREFIX}theme`;
/** Fired on window after any progress write in this tab (other tabs get the native `storage` event). */
export const PROGRESS_EVENT = 'course:progress';

export type ProgressKind = 'quiz' | 'solved' | 'code';

export interface QuizAnswer {
  /** The learner's last answer: the option index for a choice question, the typed text for a numeric one. */
  value: string;
  /** Whether that last answer was right. */
  correct: boolean;
  /** Whether this question has ever been answered right (a lesson passes once every question has). */
  everCorrect: boolean;
}

export interface QuizRecord {
  answers: Record<string, QuizAnswer>;
  /** Questions answered correctly at least once. */
  correct: number;
  total: number;
  passed: boolean;
  updatedAt: string;
}

export interface SolvedRecord {
  solvedAt: string;
  /** The code that passed every test (the workbench records it; the next exercise can start from it). */
  code?: string;
}

export const quizKey = (lessonId: string) => `${PREFIX}quiz:${lessonId}`;
export const solvedKey = (exerciseId: string) => `${PREFIX}solved:${exerciseId}`;
export const codeKey = (exerciseId: string) => `${PREFIX}code:${exerciseId}`;

/** localStorage, or null where it is unavailable (disabled cookies, some private modes, sandboxed frames). */
function storage(): Storage | null {
  try {
    const s = globalThis.localStorage;
    return s ?? null;
  } catch {
    return null;
  }
}

function readJson<T>(key: string): T | null {
  const raw = storage()?.getItem(key);
  if (raw == null) return null;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  const s = storage();
  if (!s) return;
  try {
    if (value === null) s.removeItem(key);
    else s.setItem(key, value);
  } catch {
    // Quota exceeded or storage blocked: progress is a convenience, never an error for the learner.
  }
  globalThis.dispatchEvent?.(new CustomEvent(PROGRESS_EVENT, { detail: { key } }));
}

// ---- quiz ----

export function readQuiz(lessonId: string): QuizRecord | null {
  const r = readJson<QuizRecord>(quizKey(lessonId));
  if (!r || typeof r !== 'object' || typeof r.answers !== 'object' || r.answers === null) return null;
  return r;
}

/**
 * Store the answers for a lesson's quiz. `questionIds` is the quiz as it is now: `correct`, `total` and
 * `passed` are recomputed from it, so a record left from an older version of the quiz cannot count
 * questions that no longer exist.
 */
export function writeQuiz(lessonId: string, answers: Record<string, QuizAnswer>, questionIds: string[]): QuizRecord {
  const kept: Record<string, QuizAnswer> = {};
  for (const id of questionIds) if (answers[id]) kept[id] = answers[id];
  const correct = questionIds.filter((id) => kept[id]?.everCorrect).length;
  const record: QuizRecord = {
    answers: kept,
    correct,
    total: questionIds.length,
    passed: questionIds.length > 0 && correct === questionIds.length,
    updatedAt: new Date().toISOString(),
  };
  write(quizKey(lessonId), JSON.stringify(record));
  return record;
}

export function clearQuiz(lessonId: string): void {
  write(quizKey(lessonId), null);
}

export function isLessonPassed(lessonId: string): boolean {
  return readQuiz(lessonId)?.passed === true;
}

// ---- exercises ----

export function isExerciseSolved(exerciseId: string): boolean {
  const r = readJson<SolvedRecord>(solvedKey(exerciseId));
  return !!r && typeof r.solvedAt === 'string';
}

export function readSolved(exerciseId: string): SolvedRecord | null {
  const r = readJson<SolvedRecord>(solvedKey(exerciseId));
  if (!r || typeof r !== 'object' || typeof r.solvedAt !== 'string') return null;
  return typeof r.code === 'string' || r.code === undefined ? r : { solvedAt: r.solvedAt };
}

/** `code`: the code that passed every test, kept with the mark. */
export function markSolved(exerciseId: string, solved = true, code?: string): void {
  const record: SolvedRecord = { solvedAt: new Date().toISOString(), ...(code !== undefined ? { code } : {}) };
  write(solvedKey(exerciseId), solved ? JSON.stringify(record) : null);
}

/** Reserved for the exercise workbench: the learner's editor contents. */
export function readCode(exerciseId: string): string | null {
  return storage()?.getItem(codeKey(exerciseId)) ?? null;
}

export function writeCode(exerciseId: string, code: string | null): void {
  write(codeKey(exerciseId), code);
}

// ---- all keys ----

/** Every progress key in storage (quiz, solved, code), e.g. for an export or a "reset my progress" button. */
export function progressKeys(): { key: string; kind: ProgressKind; id: string }[] {
  const s = storage();
  if (!s) return [];
  const out: { key: string; kind: ProgressKind; id: string }[] = [];
  for (let i = 0; i < s.length; i++) {
    const key = s.key(i);
    const m = key?.match(/^course:v1:(quiz|solved|code):(.+)$/);
    if (key && m) out.push({ key, kind: m[1] as ProgressKind, id: m[2] });
  }
  return out.sort((a, b) => a.key.localeCompare(b.key));
}

const PROGRESS_KEY = /^course:v1:(quiz|solved|code):(.+)$/;

/** The stored text of one progress key (for an export). */
export function readRaw(key: string): string | null {
  return PROGRESS_KEY.test(key) ? (storage()?.getItem(key) ?? null) : null;
}

/** Stores the text of one progress key (for an import); other keys are refused. */
export function writeRaw(key: string, value: string): void {
  if (PROGRESS_KEY.test(key)) write(key, value);
}

/** Forget progress of the given kinds (by default quiz results and solved marks; saved code is kept). */
export function clearAllProgress(kinds: ProgressKind[] = ['quiz', 'solved']): void {
  for (const { key, kind } of progressKeys()) if (kinds.includes(kind)) storage()?.removeItem(key);
  globalThis.dispatchEvent?.(new CustomEvent(PROGRESS_EVENT, { detail: { key: '*' } }));
}

/** Run `fn` now and whenever progress changes, in this tab or another one. */
export function onProgressChange(fn: () => void): void {
  fn();
  globalThis.addEventListener?.(PROGRESS_EVENT, fn);
  globalThis.addEventListener?.('storage', (e: StorageEvent) => {
    if (e.key === null || e.key.startsWith(PREFIX)) fn();
  });
}
