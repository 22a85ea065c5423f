// Safe, short descriptions of values from learner code: never calls a learner's getter,
// toString or Proxy trap from grader code, and never throws.

export function describeValue(value: unknown, depth = 0): string {
  try {
    if (value === null) return 'null';
    if (value === undefined) return 'undefined';
    switch (typeof value) {
      case 'string':
        return JSON.stringify(value.length > 60 ? value.slice(0, 57) + '...' : value);
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
      parts.push(`${key}: ${desc && 'value' in desc ? describeValue(desc.value, depth + 1) : '(getter)'}`);
    }
    return `{ ${parts.join(', ')} }`;
  } catch {
    return 'an unreadable value';
  }
}

/** What was thrown, in words: Error name and message, or a description of a non-Error value. */
export function describeThrown(error: unknown): string {
  try {
    if (error instanceof Error) {
      const own = (key: string) => {
        // Walk the prototype chain by descriptors only: no learner getter runs here.
        for (let o: object | null = error, depth = 0; o && depth < 5; o = Object.getPrototypeOf(o), depth++) {
          const d = Object.getOwnPropertyDescriptor(o, key);
          if (d) return 'value' in d && typeof d.value === 'string' ? d.value : '';
        }
        return '';
      };
      const name = own('name') || 'Error';
      return `${name}: ${own('message')}`;
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

/** The stack of a thrown Error, when it has a plain one (hosts map it to the learner's lines). */
export function thrownStack(error: unknown): string | undefined {
  try {
    if (!(error instanceof Error)) return undefined;
    const d = Object.getOwnPropertyDescriptor(error, 'stack');
    if (!d) return undefined;
    if ('value' in d) return typeof d.value === 'string' ? d.value : undefined;
    const native = nativeStackGetter();
    if (!native || d.get !== native) return undefined;
    const stack = Reflect.apply(native, error, []);
    return typeof stack === 'string' ? stack : undefined;
  } catch {
    return undefined;
  }
}
