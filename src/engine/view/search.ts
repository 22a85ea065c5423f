// Sorted-array lookup shared by the trace views: the last item whose key is at or before a target.

/** Index of the last item with `key(item) <= target` in `items` sorted by key, or -1 if none. */
export function lastAtOrBefore<T>(items: readonly T[], key: (item: T) => number, target: number): number {
  let lo = -1;
  let hi = items.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (key(items[mid]!) <= target) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
