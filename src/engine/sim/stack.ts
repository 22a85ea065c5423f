// Error stacks that learner code or results may see: only the learner's own frames survive, every
// run of host frames becomes one "at <grader>" line, so no host path, temp folder or bundle layout
// leaks in, and the same run gives the same text from any directory or host.

/** The file name learner code is evaluated under (its frames read `learner.js:L:C`). */
export const LEARNER_FILE = 'learner.js';

/** What replaces a run of frames that are not the learner's. */
export const HOST_FRAME = 'at <grader>';

const FRAME = /^\s*at\s/;
const LEARNER_FRAME = /^\s*at (?:(.+?) \()?learner\.js:(\d+):(\d+)\)?\s*$/;

/** One frame line, if it is the learner's; `null` otherwise (a host, eval or native frame). */
export function learnerFrame(line: string): string | null {
  const m = LEARNER_FRAME.exec(line);
  if (!m) return null;
  // A name that mentions a path ("eval at f (/tmp/x.js:1:2)") is not the learner's to see.
  if (m[1] !== undefined && (m[1].includes('/') || m[1].includes('\\') || m[1].includes('('))) return `  at ${LEARNER_FILE}:${m[2]}:${m[3]}`;
  return m[1] !== undefined ? `  at ${m[1]} (${LEARNER_FILE}:${m[2]}:${m[3]})` : `  at ${LEARNER_FILE}:${m[2]}:${m[3]}`;
}

/** A stack string with host frames collapsed to `at <grader>`; the header (name: message) is kept. */
export function cleanStack(stack: string): string {
  const lines = stack.split('\n');
  let first = lines.findIndex((l) => FRAME.test(l));
  if (first < 0) first = lines.length;
  const out = lines.slice(0, first);
  let hostRun = false;
  for (let i = first; i < lines.length; i++) {
    const frame = learnerFrame(lines[i]!);
    if (frame) {
      out.push(frame);
      hostRun = false;
    } else if (!hostRun) {
      out.push(`  ${HOST_FRAME}`);
      hostRun = true;
    }
  }
  return out.join('\n');
}

/**
 * An Error the engine throws into learner code: a fresh, frozen plain Error (the shared intrinsic
 * prototype, nothing of the engine), whose stack shows the learner's frames only.
 */
export function learnerError(message: string): Error {
  const error = new Error(message);
  let stack = `Error: ${message}`;
  try {
    const d = Object.getOwnPropertyDescriptor(error, 'stack');
    const raw = d && 'value' in d ? d.value : d?.get ? Reflect.apply(d.get, error, []) : undefined;
    if (typeof raw === 'string') stack = cleanStack(raw);
  } catch {
    // keep the header only
  }
  Object.defineProperty(error, 'stack', { value: stack, writable: false, enumerable: false, configurable: false });
  return Object.freeze(error);
}
