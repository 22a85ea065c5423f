// Progress export and import: every quiz result, solved exercise and saved code of this browser
// as one JSON file, and back. An import never overwrites silently: planImport() lists what would
// change, and only applyImport() writes.
import { codeKey, progressKeys, quizKey, readRaw, solvedKey, writeRaw, type QuizAnswer, type QuizRecord, type SolvedRecord } from './progress';

export const FORMAT = 'consensus-course-progress';
export const VERSION = 1;
const MAX_CODE = 256 * 1024;
const ID = /^[A-Za-z0-9][\w.-]{0,99}$/;

export interface ProgressFile {
  format: typeof FORMAT;
  version: typeof VERSION;
  exportedAt: string;
  quiz: Record<string, QuizRecord>;
  solved: Record<string, SolvedRecord>;
  code: Record<string, string>;
}

export function exportProgress(now = new Date()): ProgressFile {
  const file: ProgressFile = { format: FORMAT, version: VERSION, exportedAt: now.toISOString(), quiz: {}, solved: {}, code: {} };
  for (const { key, kind, id } of progressKeys()) {
    const raw = readRaw(key);
    if (raw === null) continue;
    if (kind === 'code') file.code[id] = raw;
    else {
      try {
        const value = JSON.parse(raw);
        if (kind === 'quiz' && validQuiz(value)) file.quiz[id] = value;
        if (kind === 'solved' && validSolved(value)) file.solved[id] = value;
      } catch {
        // A damaged entry is left out of the export.
      }
    }
  }
  return file;
}

export function exportFileName(now = new Date()): string {
  return `consensus-course-progress-${now.toISOString().slice(0, 10)}.json`;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function validAnswer(a: unknown): a is QuizAnswer {
  return isObject(a) && typeof a.value === 'string' && a.value.length < 1000 && typeof a.correct === 'boolean' && typeof a.everCorrect === 'boolean';
}

function validQuiz(r: unknown): r is QuizRecord {
  return (
    isObject(r) &&
    isObject(r.answers) &&
    Object.entries(r.answers).every(([k, a]) => ID.test(k) && validAnswer(a)) &&
    Number.isInteger(r.correct) &&
    Number.isInteger(r.total) &&
    typeof r.passed === 'boolean' &&
    typeof r.updatedAt === 'string'
  );
}

function validSolved(r: unknown): r is SolvedRecord {
  return isObject(r) && typeof r.solvedAt === 'string' && (r.code === undefined || (typeof r.code === 'string' && r.code.length <= MAX_CODE));
}

export type ParseResult = { ok: true; file: ProgressFile } | { ok: false; error: string };

/** Checks a file's text; the error says in plain words what is wrong with it. */
export function parseProgressFile(text: string): ParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, error: 'This file is not a progress file of this course: it is not valid JSON.' };
  }
  if (!isObject(data) || data.format !== FORMAT)
    return { ok: false, error: `This file is not a progress file of this course (it has no "format": "${FORMAT}"). Nothing was imported.` };
  if (data.version !== VERSION)
    return { ok: false, error: `This progress file has version ${JSON.stringify(data.version)}; this course reads version ${VERSION}. Nothing was imported.` };
  const file: ProgressFile = { format: FORMAT, version: VERSION, exportedAt: typeof data.exportedAt === 'string' ? data.exportedAt : '', quiz: {}, solved: {}, code: {} };
  const problems: string[] = [];
  for (const section of ['quiz', 'solved', 'code'] as const) {
    const entries = data[section] ?? {};
    if (!isObject(entries)) {
      problems.push(`"${section}" is not an object`);
      continue;
    }
    for (const [id, value] of Object.entries(entries)) {
      if (!ID.test(id)) problems.push(`${section} entry "${id.slice(0, 40)}" has an invalid name`);
      else if (section === 'quiz') validQuiz(value) ? (file.quiz[id] = value) : problems.push(`the quiz result of "${id}" is malformed`);
      else if (section === 'solved') validSolved(value) ? (file.solved[id] = value) : problems.push(`the solved mark of "${id}" is malformed`);
      else typeof value === 'string' && value.length <= MAX_CODE ? (file.code[id] = value) : problems.push(`the saved code of "${id}" is not text (or is too long)`);
    }
  }
  if (problems.length)
    return { ok: false, error: `This progress file is damaged: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}. Nothing was imported.` };
  return { ok: true, file };
}

export interface Change {
  key: string;
  kind: 'quiz' | 'solved' | 'code';
  id: string;
  action: 'add' | 'replace' | 'same';
  /** What the entry is, in words: "Quiz of 02-quorum-math: passed (4 of 4)". */
  label: string;
  /** For a replacement: what it replaces. */
  before?: string;
  value: string;
}

function describeQuiz(r: QuizRecord): string {
  return `${r.passed ? 'passed' : 'not passed yet'} (${r.correct} of ${r.total} right)`;
}
function describeCode(code: string): string {
  const lines = code.split('\n').length;
  return `${lines} line${lines === 1 ? '' : 's'}`;
}
function describeSolved(r: SolvedRecord): string {
  return `solved on ${r.solvedAt.slice(0, 10)}`;
}

/** What importing `file` would do to this browser's progress. Entries not in the file are kept. */
export function planImport(file: ProgressFile): Change[] {
  const changes: Change[] = [];
  const add = (kind: Change['kind'], id: string, key: string, value: string, label: string, beforeText: (raw: string) => string, same: (raw: string) => boolean) => {
    const raw = readRaw(key);
    const action = raw === null ? 'add' : same(raw) ? 'same' : 'replace';
    changes.push({ key, kind, id, action, label, value, ...(action === 'replace' ? { before: beforeText(raw!) } : {}) });
  };
  const parsed = <T>(raw: string): T | null => {
    try {
      return JSON.parse(raw) as T;
    } catch {
      return null;
    }
  };
  for (const [id, r] of Object.entries(file.quiz)) {
    const value = JSON.stringify(r);
    add('quiz', id, quizKey(id), value, `Quiz of lesson ${id}: ${describeQuiz(r)}`, (raw) => {
      const old = parsed<QuizRecord>(raw);
      return old && validQuiz(old) ? describeQuiz(old) : 'an unreadable entry';
    }, (raw) => raw === value);
  }
  for (const [id, r] of Object.entries(file.solved)) {
    const value = JSON.stringify(r);
    add('solved', id, solvedKey(id), value, `Exercise ${id}: ${describeSolved(r)}`, (raw) => {
      const old = parsed<SolvedRecord>(raw);
      return old && validSolved(old) ? describeSolved(old) : 'an unreadable entry';
    }, (raw) => {
      const old = parsed<SolvedRecord>(raw);
      return raw === value || (!!old && old.code === r.code && validSolved(old));
    });
  }
  for (const [id, code] of Object.entries(file.code)) {
    add('code', id, codeKey(id), code, `Your code for exercise ${id}: ${describeCode(code)}`, (raw) => `your current code, ${describeCode(raw)}`, (raw) => raw === code);
  }
  return changes;
}

/** Writes the entries planImport() marked 'add' or 'replace'. Returns how many were written. */
export function applyImport(changes: Change[]): number {
  let n = 0;
  for (const c of changes) {
    if (c.action === 'same') continue;
    writeRaw(c.key, c.value);
    n++;
  }
  return n;
}
