// Safe, short descriptions of values from learner code: never calls a learner's getter or
// toString, never throws, and stays short whatever the value (huge, cyclic or a Proxy, whose traps
// can run: the engine describes learner values inside the learner's turn).
import { cleanStack } from './stack';

/** Longest line of console output kept, in characters (the rest is cut with "…"). */
export const LOG_LINE_MAX = 1000;
/** Console output kept per test run (and per simulation in any host), in characters. */
export const LOG_BYTES_MAX = 64 * 1024;
/** Says, as the last line kept, that output was cut. */
export const LOG_TRUNCATED = '(output truncated)';

/** A short text: at most `max` characters, cut with "...". */
function cut(text: string, max: number): string {
  return text.length > max ? text.slice(0, max - 3) + '...' : text;
}

export function describeValue(value: unknown, depth = 0): string {
  try {
    if (value === null) return 'null';
    if (value === undefined) return 'undefined';
    switch (typeof value) {
      case 'string':
        return JSON.stringify(cut(value, 60));
      case 'number':
      case 'boolean':
      case 'bigint':
        return String(value);
      case 'symbol':
        return 'a symbol';
      case 'function':
        return 'a function';
    }
    if (Array.isArray(value)) return depth > 0 ? '[...]' : `an array of ${value.length}`;
    if (depth > 0) return '{...}';
    const parts: string[] = [];
    for (const key of Object.keys(value as object).slice(0, 6)) {
      const desc = Object.getOwnPropertyDescriptor(value, key);
      parts.push(`${cut(key, 30)}: ${desc && 'value' in desc ? describeValue(desc.value, depth + 1) : '(getter)'}`);
    }
    return `{ ${parts.join(', ')} }`;
  } catch {
    return 'an unreadable value';
  }
}

/**
 * One line of console output: strings as they are, other values described; never longer than
 * LOG_LINE_MAX characters, and never building a longer string first (a 100 MB argument costs nothing).
 */
export function formatLogLine(prefix: string, args: readonly unknown[]): string {
  let line = prefix;
  for (let i = 0; i < args.length && line.length <= LOG_LINE_MAX; i++) {
    const a = args[i];
    const room = LOG_LINE_MAX + 1 - line.length;
    line += (i > 0 ? ' ' : '') + (typeof a === 'string' ? a.slice(0, room) : describeValue(a));
  }
  return line.length > LOG_LINE_MAX ? line.slice(0, LOG_LINE_MAX - 1) + '…' : line;
}

/**
 * The built-in error prototypes, shared by every compartment of a realm. SES (overrideTaming) turns
 * their `name` into an accessor, which the engine never calls on learner values; these are named here.
 */
const BUILTIN_ERRORS = new Map<object, string>(
  [Error, TypeError, RangeError, ReferenceError, SyntaxError, EvalError, URIError, AggregateError].map((E) => [E.prototype, E.name]),
);

/** A string data property of `error` or its prototypes, read by descriptor only (no getter runs). */
function ownString(error: object, key: string): string {
  for (let o: object | null = error, depth = 0; o && depth < 5; o = Object.getPrototypeOf(o), depth++) {
    if (key === 'name' && BUILTIN_ERRORS.has(o)) return BUILTIN_ERRORS.get(o)!;
    const d = Object.getOwnPropertyDescriptor(o, key);
    if (d) return 'value' in d && typeof d.value === 'string' ? d.value : '';
  }
  return '';
}

/** "Name: message" of an Error, read without running learner code (a Proxy's traps aside). */
export function errorHeader(error: unknown): string {
  try {
    if (error === null || typeof error !== 'object') return 'Error';
    const name = cut(ownString(error, 'name'), 60) || 'Error';
    const message = cut(ownString(error, 'message'), 500);
    return message ? `${name}: ${message}` : name;
  } catch {
    return 'Error';
  }
}

/** What was thrown, in words: Error name and message, or a description of a non-Error value. */
export function describeThrown(error: unknown): string {
  try {
    if (error instanceof Error) {
      const header = errorHeader(error);
      return header.includes(': ') ? header : `${header}: `;
    }
    return `a non-Error value (${describeValue(error)})`;
  } catch {
    return 'an unreadable value';
  }
}

/**
 * The engine's own `stack` getter: recent V8 (Chrome) gives every Error an own accessor for `stack`,
 * one native getter shared by all errors, where Node 20 has a plain data property. Only that native
 * getter is ever called; a getter the learner defined is not.
 */
function nativeStackGetter(): ((this: unknown) => unknown) | undefined {
  try {
    const d = Object.getOwnPropertyDescriptor(new Error(), 'stack');
    return d && typeof d.get === 'function' ? d.get : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The stack of a thrown Error, when it has a plain one (hosts map it to the learner's lines), with
 * only the learner's frames: host frames, which name host paths, become one "at <grader>" line.
 */
export function thrownStack(error: unknown): string | undefined {
  try {
    if (!(error instanceof Error)) return undefined;
    const d = Object.getOwnPropertyDescriptor(error, 'stack');
    if (!d) return undefined;
    let stack: unknown;
    if ('value' in d) stack = d.value;
    else {
      const native = nativeStackGetter();
      if (!native || d.get !== native) return undefined;
      stack = Reflect.apply(native, error, []);
    }
    return typeof stack === 'string' ? cleanStack(cut(stack, 20_000)) : undefined;
  } catch {
    return undefined;
  }
}
