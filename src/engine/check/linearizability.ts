// Linearizability checking of client histories: Wing & Gong's search with Lowe's memoization, the
// algorithm behind Porcupine and Knossos. A history is linearizable when every operation can be given
// one instant between its call and its return such that, in that order, the model's sequential
// specification produces every observed output. Operations that never returned (a client timed out)
// may take effect at any instant after their call, or never.
//
// Histories are checked per partition (a key-value store: per key), which P-compositionality makes
// exact and which keeps the search small. When a partition fails, the report names the smallest
// prefix of it (by real time) that cannot be ordered, so a learner looks at a handful of operations,
// not the whole run.

/** One client operation as observed from outside: what was asked, when, and what came back. */
export interface Operation<I, O> {
  /** Who issued it (client id); only for reporting. */
  client: string;
  input: I;
  /** Virtual time of the call. */
  call: number;
  /** Virtual time of the return; Infinity when it never returned (outcome unknown). */
  ret: number;
  /** The observed output; undefined when the outcome is unknown. */
  output?: O;
}

/** A sequential specification. States must be immutable values: step returns a new one. */
export interface Model<S, I, O> {
  init(): S;
  /** Applies one operation; `ok` is false when the observed output is impossible in `state`. */
  step(state: S, input: I, output: O | undefined): { ok: boolean; state: S };
  /** A string that identifies a state (equal states, equal strings): the memo key. */
  hash(state: S): string;
  /** Splits a history into independent parts (per key); default: one part. */
  partition?(history: readonly Operation<I, O>[]): Operation<I, O>[][];
  describe?(op: Operation<I, O>): string;
}

export interface PartitionFailure<I, O> {
  /** The operations of the smallest failing prefix of this partition, in call order. */
  ops: Operation<I, O>[];
  /** The operation whose return made that prefix impossible to order. */
  culprit: Operation<I, O>;
  /** The longest sequence of operations (indexes into `ops`) that could be ordered before the search gave up. */
  longest: number[];
}

export type CheckResult<I, O> =
  | { ok: true; partitions: number; explored: number }
  | { ok: false; partitions: number; explored: number; failure: PartitionFailure<I, O> };

interface Entry {
  id: number;
  call: boolean;
  time: number;
  match: Entry | null; // a call's return entry
  prev: Entry | null;
  next: Entry | null;
}

/** Sorted call/return entries as a doubly linked list; calls before returns at equal times (concurrent). */
function entryList(ops: readonly Operation<unknown, unknown>[]): Entry {
  const entries: Entry[] = [];
  ops.forEach((op, id) => {
    const ret: Entry = { id, call: false, time: op.ret, match: null, prev: null, next: null };
    const call: Entry = { id, call: true, time: op.call, match: ret, prev: null, next: null };
    entries.push(call, ret);
  });
  entries.sort((a, b) => a.time - b.time || (a.call === b.call ? a.id - b.id : a.call ? -1 : 1));
  const head: Entry = { id: -1, call: false, time: -Infinity, match: null, prev: null, next: null };
  let last = head;
  for (const e of entries) {
    last.next = e;
    e.prev = last;
    last = e;
  }
  return head;
}

function lift(call: Entry): void {
  call.prev!.next = call.next;
  if (call.next) call.next.prev = call.prev;
  const ret = call.match!;
  ret.prev!.next = ret.next;
  if (ret.next) ret.next.prev = ret.prev;
}

function unlift(call: Entry): void {
  const ret = call.match!;
  ret.prev!.next = ret;
  if (ret.next) ret.next.prev = ret;
  call.prev!.next = call;
  if (call.next) call.next.prev = call;
}

class Bitset {
  readonly words: Uint32Array;
  constructor(size: number) {
    this.words = new Uint32Array(Math.ceil(size / 32) || 1);
  }
  set(i: number): void {
    this.words[i >>> 5]! |= 1 << (i & 31);
  }
  clear(i: number): void {
    this.words[i >>> 5]! &= ~(1 << (i & 31));
  }
  keyWith(i: number): string {
    const w = i >>> 5;
    let key = '';
    for (let k = 0; k < this.words.length; k++) key += ((k === w ? this.words[k]! | (1 << (i & 31)) : this.words[k]!) >>> 0).toString(36) + ',';
    return key;
  }
}

interface SingleResult {
  ok: boolean;
  explored: number;
  longest: number[];
}

/** Lowe's depth-first search with a memo of (linearized set, state) pairs already explored. */
function checkSingle<S, I, O>(model: Model<S, I, O>, ops: readonly Operation<I, O>[]): SingleResult {
  const head = entryList(ops);
  const linearized = new Bitset(ops.length);
  const seen = new Set<string>();
  const stack: { entry: Entry; state: S }[] = [];
  let state = model.init();
  let entry = head.next;
  let explored = 0;
  let longest: number[] = [];
  while (head.next) {
    if (!entry) break; // unreachable: the list always ends with a return entry
    if (entry.call) {
      const op = ops[entry.id]!;
      const result = model.step(state, op.input, op.output);
      explored++;
      if (result.ok) {
        const key = `${linearized.keyWith(entry.id)}|${model.hash(result.state)}`;
        if (!seen.has(key)) {
          seen.add(key);
          stack.push({ entry, state });
          state = result.state;
          linearized.set(entry.id);
          lift(entry);
          if (stack.length > longest.length) longest = stack.map((s) => s.entry.id);
          entry = head.next;
          continue;
        }
      }
      entry = entry.next;
    } else {
      // A return whose call is not linearized yet: nothing placed so far can be extended. Backtrack.
      const top = stack.pop();
      if (!top) return { ok: false, explored, longest };
      state = top.state;
      linearized.clear(top.entry.id);
      unlift(top.entry);
      entry = top.entry.next;
    }
  }
  return { ok: true, explored, longest };
}

/** The history as it stood at time `t`: returned ops as they are, running ones with outcome unknown. */
function prefixAt<I, O>(ops: readonly Operation<I, O>[], t: number): Operation<I, O>[] {
  return ops
    .filter((op) => op.call <= t)
    .map((op) => (op.ret <= t ? op : { ...op, ret: Infinity, output: undefined }));
}

/**
 * The smallest failing prefix of a failing partition. Prefixes of a linearizable history are
 * linearizable (with running operations' outcomes unknown), so the first return time at which the
 * prefix fails is found by binary search.
 */
function smallestFailure<S, I, O>(model: Model<S, I, O>, ops: readonly Operation<I, O>[]): PartitionFailure<I, O> {
  const returns = [...new Set(ops.filter((op) => op.ret !== Infinity).map((op) => op.ret))].sort((a, b) => a - b);
  let lo = 0;
  let hi = returns.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (checkSingle(model, prefixAt(ops, returns[mid]!)).ok) lo = mid + 1;
    else hi = mid;
  }
  const t = returns[lo] ?? Infinity;
  const prefix = prefixAt(ops, t).sort((a, b) => a.call - b.call || a.ret - b.ret);
  // Of the operations that returned at t, name one whose reply alone makes the prefix impossible.
  const returning = prefix.filter((op) => op.ret === t);
  const culprit =
    returning.find((op) => checkSingle(model, prefix.map((o) => (o === op ? { ...o, ret: Infinity, output: undefined } : o))).ok) ??
    returning[0] ??
    prefix[prefix.length - 1]!;
  return { ops: prefix, culprit, longest: checkSingle(model, prefix).longest };
}

/** Checks a whole history; on failure, reports the smallest failing prefix of the first failing partition. */
export function checkLinearizable<S, I, O>(model: Model<S, I, O>, history: readonly Operation<I, O>[]): CheckResult<I, O> {
  for (const op of history) {
    if (!(op.ret >= op.call)) throw new Error(`operation returned before it was called: ${model.describe?.(op) ?? JSON.stringify(op)}`);
  }
  const parts = model.partition ? model.partition(history) : [history.slice()];
  let explored = 0;
  // Check partitions in order of their first call, so the failure reported is the earliest one.
  const ordered = parts.filter((p) => p.length > 0).sort((a, b) => Math.min(...a.map((o) => o.call)) - Math.min(...b.map((o) => o.call)));
  for (const part of ordered) {
    const result = checkSingle(model, part);
    explored += result.explored;
    if (!result.ok) return { ok: false, partitions: ordered.length, explored, failure: smallestFailure(model, part) };
  }
  return { ok: true, partitions: ordered.length, explored };
}
