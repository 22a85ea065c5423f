// The linearizability checker against known histories (linearizable and not), and against a brute-force
// checker that tries every order on small random histories.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkLinearizable, type Operation } from '../../src/engine/check/linearizability';
import { kvModel, type KvInput, type KvOperation, type KvOutput } from '../../src/engine/check/kv-model';

const get = (client: string, key: string, call: number, ret: number, value?: string): KvOperation => ({
  client, input: { op: 'get', key }, call, ret, output: value === undefined ? undefined : { value },
});
const put = (client: string, key: string, value: string, call: number, ret: number): KvOperation => ({
  client, input: { op: 'put', key, value }, call, ret, output: ret === Infinity ? undefined : { ok: true },
});
const append = (client: string, key: string, value: string, call: number, ret: number): KvOperation => ({
  client, input: { op: 'append', key, value }, call, ret, output: ret === Infinity ? undefined : { ok: true },
});

describe('linearizability checker: known histories', () => {
  it('accepts a sequential history and concurrent reads that see either side of a concurrent write', () => {
    expect(checkLinearizable(kvModel, [put('c1', 'x', '1', 0, 10), get('c2', 'x', 20, 30, '1')]).ok).toBe(true);
    // The read overlaps the write: it may see the old or the new value.
    expect(checkLinearizable(kvModel, [put('c1', 'x', '1', 0, 10), put('c1', 'x', '2', 20, 40), get('c2', 'x', 25, 30, '1')]).ok).toBe(true);
    expect(checkLinearizable(kvModel, [put('c1', 'x', '1', 0, 10), put('c1', 'x', '2', 20, 40), get('c2', 'x', 25, 30, '2')]).ok).toBe(true);
  });

  it('rejects a stale read after a write completed (the classic deposed-leader read)', () => {
    const result = checkLinearizable(kvModel, [put('c1', 'x', '1', 0, 10), put('c1', 'x', '2', 20, 30), get('c2', 'x', 40, 50, '1')]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.failure.culprit.input).toEqual({ op: 'get', key: 'x' });
    expect(result.failure.ops).toHaveLength(3);
  });

  it('rejects two reads that see a write in opposite orders (new then old)', () => {
    const history = [put('c1', 'x', '1', 0, 100), get('c2', 'x', 10, 20, '1'), get('c3', 'x', 30, 40, '')];
    expect(checkLinearizable(kvModel, history).ok).toBe(false);
  });

  it('treats an operation that never returned as taking effect at any later instant, or never', () => {
    expect(checkLinearizable(kvModel, [put('c1', 'x', '1', 0, Infinity), get('c2', 'x', 50, 60, '1')]).ok).toBe(true);
    expect(checkLinearizable(kvModel, [put('c1', 'x', '1', 0, Infinity), get('c2', 'x', 50, 60, '')]).ok).toBe(true);
    // Once a read saw it, it has happened: a later read cannot miss it.
    expect(checkLinearizable(kvModel, [put('c1', 'x', '1', 0, Infinity), get('c2', 'x', 50, 60, '1'), get('c2', 'x', 70, 80, '')]).ok).toBe(false);
  });

  it('catches an append applied twice (a retried request without duplicate detection)', () => {
    const history = [append('c1', 'x', 'a', 0, 30), append('c1', 'x', 'b', 40, 50), get('c2', 'x', 60, 70, 'aab')];
    expect(checkLinearizable(kvModel, history).ok).toBe(false);
    expect(checkLinearizable(kvModel, [...history.slice(0, 2), get('c2', 'x', 60, 70, 'ab')]).ok).toBe(true);
  });

  it('checks keys independently and reports the failing key with the smallest failing prefix', () => {
    const history = [
      put('c1', 'y', 'ok', 0, 5),
      put('c1', 'x', '1', 0, 10),
      put('c1', 'x', '2', 20, 30),
      get('c2', 'x', 40, 50, '1'),
      get('c2', 'x', 60, 70, '2'),
      put('c3', 'x', '3', 80, 90),
      get('c2', 'y', 100, 110, 'ok'),
    ];
    const result = checkLinearizable(kvModel, history);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.partitions).toBe(2);
    expect(result.failure.ops.every((op) => op.input.key === 'x')).toBe(true);
    // The stale Get at 40-50 is where it breaks; later operations are left out of the report.
    expect(result.failure.culprit.call).toBe(40);
    expect(result.failure.ops.map((op) => op.call)).toEqual([0, 20, 40]);
    expect(result.failure.longest.length).toBeGreaterThanOrEqual(2);
  });

  it('explores a long history in linear steps, not an exponential search', () => {
    // 8 clients, 2,000 operations on 4 keys, each read seeing the latest completed write (linearizable by construction).
    const history: KvOperation[] = [];
    const latest = new Map<string, string>();
    for (let i = 0; i < 2000; i++) {
      const key = `k${i % 4}`;
      const t = i * 10;
      if (i % 3 === 0) {
        history.push(put(`c${i % 8}`, key, `v${i}`, t, t + 25));
        latest.set(key, `v${i}`);
      } else history.push(get(`c${i % 8}`, key, t + 30, t + 40, latest.get(key) ?? ''));
    }
    const result = checkLinearizable(kvModel, history);
    expect(result.ok).toBe(true);
    // Memoization keeps the steps near the number of operations; without it this search explodes.
    expect(result.explored).toBeLessThan(20 * history.length);
  });
});

/** Tries every order consistent with real time, each pending operation included or not. */
function bruteForce(history: readonly KvOperation[]): boolean {
  for (const key of new Set(history.map((o) => o.input.key))) {
    const ops = history.filter((o) => o.input.key === key);
    if (!someOrder(ops, [], '')) return false;
  }
  return true;
}

function someOrder(remaining: KvOperation[], placed: KvOperation[], state: string): boolean {
  if (remaining.every((op) => op.ret === Infinity)) return true; // pending ones may never take effect
  for (const op of remaining) {
    // `op` may go next only if no other remaining operation returned before it was called.
    if (remaining.some((other) => other !== op && other.ret < op.call)) continue;
    const step = kvModel.step(state, op.input, op.output);
    if (step.ok && someOrder(remaining.filter((o) => o !== op), [...placed, op], step.state)) return true;
  }
  return false;
}

const arbitraryOp: fc.Arbitrary<KvOperation> = fc
  .record({
    client: fc.constantFrom('c1', 'c2', 'c3'),
    kind: fc.constantFrom('get', 'put', 'append'),
    key: fc.constantFrom('x', 'y'),
    value: fc.constantFrom('a', 'b'),
    seen: fc.constantFrom('', 'a', 'b', 'ab', 'ba', 'aa'),
    call: fc.integer({ min: 0, max: 20 }),
    length: fc.integer({ min: 0, max: 10 }),
    pending: fc.integer({ min: 0, max: 9 }),
  })
  .map(({ client, kind, key, value, seen, call, length, pending }) => {
    const ret = pending < 2 ? Infinity : call + length;
    const input: KvInput = kind === 'get' ? { op: 'get', key } : { op: kind as 'put' | 'append', key, value };
    const output: KvOutput | undefined = ret === Infinity ? undefined : kind === 'get' ? { value: seen } : { ok: true };
    return { client, input, call, ret, output } satisfies Operation<KvInput, KvOutput>;
  });

describe('linearizability checker: against a brute-force search', () => {
  it('agrees with trying every order, on random histories of up to 7 operations', () => {
    const verdicts = { true: 0, false: 0 };
    fc.assert(
      fc.property(fc.array(arbitraryOp, { minLength: 1, maxLength: 7 }), (history) => {
        const expected = bruteForce(history);
        verdicts[`${expected}`]++;
        const result = checkLinearizable(kvModel, history);
        expect(result.ok).toBe(expected);
        if (result.ok) return;
        // The reported stretch cannot be ordered, and without the replies that came last (the culprit's) it can.
        const { ops, culprit } = result.failure;
        expect(bruteForce(ops)).toBe(false);
        expect(bruteForce(ops.map((op) => (op.ret === culprit.ret ? { ...op, ret: Infinity, output: undefined } : op)))).toBe(true);
      }),
      { numRuns: 3000, seed: 42 },
    );
    // Both answers were exercised, each many times.
    expect(Math.min(verdicts.true, verdicts.false)).toBeGreaterThan(300);
  });

  it('accepts every history produced by a real sequential execution with overlapping intervals', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ kind: fc.constantFrom('get', 'put', 'append'), key: fc.constantFrom('x', 'y'), value: fc.constantFrom('a', 'b'), before: fc.integer({ min: 0, max: 8 }), after: fc.integer({ min: 0, max: 8 }) }), { minLength: 1, maxLength: 12 }),
        (steps) => {
          // Each operation takes effect at instant 10*i, inside an interval around it.
          const state = new Map<string, string>();
          const history = steps.map((s, i): KvOperation => {
            const at = 10 * i;
            const old = state.get(s.key) ?? '';
            if (s.kind === 'put') state.set(s.key, s.value);
            if (s.kind === 'append') state.set(s.key, old + s.value);
            const input: KvInput = s.kind === 'get' ? { op: 'get', key: s.key } : { op: s.kind as 'put' | 'append', key: s.key, value: s.value };
            return { client: `c${i % 3}`, input, call: at - s.before, ret: at + s.after, output: s.kind === 'get' ? { value: old } : { ok: true } };
          });
          expect(checkLinearizable(kvModel, history).ok).toBe(true);
        },
      ),
      { numRuns: 1000, seed: 7 },
    );
  });
});
