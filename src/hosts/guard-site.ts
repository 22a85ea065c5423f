// Shared by the instrumenter (compile side, with acorn) and the guard (worker side, without it):
// the guard's name in learner code and what its site ids mean. A site id is a pure number that
// carries the learner's TypeScript line and the kind of code there, so no table travels with the code.

/** The name of the guard function the instrumenter calls; learner code may not use it. */
export const GUARD_NAME = '__courseGuard$';

export const SITE_KINDS = ['function', 'while loop', 'do-while loop', 'for loop', 'for-in loop', 'for-of loop', 'arrow function'] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

export function siteId(line: number, kind: SiteKind): number {
  return Math.max(0, Math.min(line, 0xffffff)) * 8 + SITE_KINDS.indexOf(kind);
}

/** "the while loop at line 12" for a site id, or null for an id no instrumenter made. */
export function describeSite(id: unknown): string | null {
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 8) return null;
  const kind = SITE_KINDS[id % 8];
  const line = Math.floor(id / 8);
  if (!kind) return null;
  return kind.endsWith('loop') ? `the ${kind} at line ${line}` : `the ${kind} that starts at line ${line}`;
}
