// Reference: quorum arithmetic. Integer division matters: 5 / 2 + 1 is 3.5 in JavaScript.

/** floor(n/2) + 1: any two groups of this size overlap, and no smaller size guarantees it. */
export function majority(n: number): number {
  return Math.floor(n / 2) + 1;
}

/** The rest of the cluster may fail while a majority still stands. */
export function faultTolerance(n: number): number {
  return n - majority(n);
}
