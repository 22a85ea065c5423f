// Exercise 01: quorum warm-up.
// Export two functions. The grader calls them with cluster sizes from 1 to 100,001.

/** How many votes a candidate needs to win in a cluster of `n` voting members. */
export function majority(n: number): number {
  // TODO: the smallest number of nodes that any two such groups must share at least one of.
  return 0;
}

/** How many members can crash (or be cut off) while the rest can still elect and commit. */
export function faultTolerance(n: number): number {
  // TODO
  return 0;
}
