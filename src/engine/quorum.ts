// The one source of quorum arithmetic: the quiz checks, the calculator and the grader all use it.

/** Votes needed to win an election or commit in a cluster of `n` voters: floor(n/2) + 1. */
export function majority(n: number): number {
  assertClusterSize(n);
  return Math.floor(n / 2) + 1;
}

/** Crashed or unreachable voters the cluster survives while a majority can still be formed. */
export function faultTolerance(n: number): number {
  return n - majority(n);
}

function assertClusterSize(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`cluster size must be a positive integer, got ${n}`);
}
