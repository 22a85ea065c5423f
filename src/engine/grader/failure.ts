// How a test says "no": a message in the learner's terms, with what was expected and seen.

export class Failure extends Error {
  constructor(
    message: string,
    readonly expected?: string,
    readonly observed?: string,
    readonly rule?: string,
    readonly time?: number,
    readonly eventIndex?: number,
    readonly stack2?: string,
  ) {
    super(message);
  }
}

export function check(condition: unknown, message: string, expected?: string, observed?: string): asserts condition {
  if (!condition) throw new Failure(message, expected, observed);
}

export function fail(message: string, expected?: string, observed?: string): never {
  throw new Failure(message, expected, observed);
}
