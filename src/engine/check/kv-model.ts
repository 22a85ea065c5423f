// The sequential specification of a key-value store (MIT 6.5840 lab 4's Get/Put/Append), for the
// linearizability checker. A missing key reads as the empty string. Partitioned by key: operations
// on different keys never constrain each other, so each key is checked on its own.
import type { Model, Operation } from './linearizability';

export type KvInput =
  | { op: 'get'; key: string }
  | { op: 'put'; key: string; value: string }
  | { op: 'append'; key: string; value: string };

/** What a Get returned; Put and Append return nothing worth checking. */
export type KvOutput = { value: string } | { ok: true };

export type KvOperation = Operation<KvInput, KvOutput>;

export const kvModel: Model<string, KvInput, KvOutput> = {
  init: () => '',
  step(state, input, output) {
    switch (input.op) {
      case 'get':
        return { ok: output === undefined || ('value' in output && output.value === state), state };
      case 'put':
        return { ok: true, state: input.value };
      case 'append':
        return { ok: true, state: state + input.value };
    }
  },
  hash: (state) => state,
  partition(history) {
    const byKey = new Map<string, KvOperation[]>();
    for (const op of history) {
      let ops = byKey.get(op.input.key);
      if (!ops) byKey.set(op.input.key, (ops = []));
      ops.push(op);
    }
    return [...byKey.values()];
  },
  describe(op) {
    const i = op.input;
    const what = i.op === 'get' ? `Get(${JSON.stringify(i.key)})` : `${i.op === 'put' ? 'Put' : 'Append'}(${JSON.stringify(i.key)}, ${JSON.stringify(i.value)})`;
    const out = op.output === undefined ? 'no reply' : 'value' in op.output ? `→ ${JSON.stringify(op.output.value)}` : '→ ok';
    const until = op.ret === Infinity ? '…' : `${op.ret}`;
    return `${op.client}: ${what} ${out} [${op.call}–${until} ms]`;
  },
};
