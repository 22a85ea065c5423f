// The compact trace form lesson pages ship: decoding gives back the same events (times to the
// nanosecond), the same descriptions, and anything unusual survives through the generic form.
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/engine';
import type { TraceEvent } from '../../src/engine/sim/trace';
import { describeEvent } from '../../src/engine/view/describe-event';
import { decodeTrace, encodeTrace } from '../../src/client/cluster/codec';
import { reference } from './helpers';

const ids = ['n1', 'n2', 'n3', 'n4', 'n5'];

function faultyRun(seed: number): TraceEvent[] {
  const sim = new Simulation({ seed, nodes: ids, program: reference(), record: true, network: { requestDropRate: 0.1, replyDropRate: 0.1, duplicateRate: 0.1, tailProbability: 0.1 } });
  sim.at(500, () => sim.partition([['n1', 'n2'], ['n3', 'n4', 'n5']]));
  sim.at(900, () => sim.crash('n3'));
  sim.at(1000, () => sim.pause('n4'));
  sim.at(1300, () => sim.cut('n5', 'n1'));
  sim.at(1600, () => sim.heal());
  sim.at(1700, () => sim.restart('n3'));
  sim.at(1800, () => sim.resume('n4'));
  sim.runUntil(2500);
  return sim.trace;
}

/** Deep equality with numbers equal to within a nanosecond (the codec's time unit). */
function near(a: unknown, b: unknown, path = ''): string | null {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-6 ? null : `${path}: ${a} != ${b}`;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return Object.is(a, b) ? null : `${path}: ${String(a)} != ${String(b)}`;
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  if (ka.join() !== kb.join()) return `${path}: keys ${ka.join()} != ${kb.join()}`;
  for (const k of ka) {
    const d = near((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    if (d) return d;
  }
  return null;
}

describe('trace codec', () => {
  for (const seed of [1, 2, 3]) {
    it(`round-trips a run with every kind of fault (seed ${seed})`, () => {
      const trace = faultyRun(seed);
      const types = new Set(trace.map((e) => e.type));
      for (const t of ['send', 'deliver', 'drop', 'duplicate', 'buffer', 'timer-set', 'timer-clear', 'timer-fire', 'state', 'term', 'vote', 'persist', 'crash', 'restart', 'pause', 'resume', 'boot', 'partition', 'cut', 'heal']) expect(types, t).toContain(t);
      const encoded = encodeTrace(trace, ids);
      const json = JSON.stringify(encoded);
      const { events, nodes } = decodeTrace(JSON.parse(json));
      expect(nodes).toEqual(ids);
      expect(events).toHaveLength(trace.length);
      expect(near(events, trace)).toBeNull();
      for (let i = 0; i < trace.length; i++) expect(describeEvent(events[i]!)).toBe(describeEvent(trace[i]!));
      // The point of it: much smaller than plain JSON.
      expect(json.length).toBeLessThan(JSON.stringify(trace).length / 4);
    });
  }

  it('keeps unusual events through the generic form (log lines, violations, unknown node names)', () => {
    const odd: TraceEvent[] = [
      { i: 0, t: 0, type: 'log', node: 'n1', text: '[t=0ms n1] hello' },
      { i: 1, t: 1.5, type: 'send', msg: { id: 1, kind: 'Heartbeat', from: 'n1', to: 'zz', term: 2, sentAt: 1.5, body: { term: 2, leaderId: 'n1' } } },
      { i: 2, t: 3, type: 'deliver', msg: 1, kind: 'Heartbeat', from: 'n1', to: 'zz' },
      { i: 3, t: 3, type: 'send', msg: { id: 2, kind: 'RequestVote', from: 'n2', to: 'n3', term: 4, sentAt: 3, body: { term: 4, lastLogIndex: 0, lastLogTerm: 0, candidateId: 'n9' } } },
      { i: 4, t: 4.25, type: 'violation', rule: 'election-safety', message: 'Two leaders in term 2', nodes: ['n1', 'n2'] },
      { i: 5, t: 5, type: 'persist', node: 'n1', state: { currentTerm: 2, votedFor: null } },
    ];
    const { events } = decodeTrace(JSON.parse(JSON.stringify(encodeTrace(odd, ['n1', 'n2', 'n3']))));
    expect(events).toEqual(odd);
  });

  it('rejects an encoding it does not know', () => {
    expect(() => decodeTrace({ v: 2 as 1, nodes: [], e: [] })).toThrow(/unknown trace encoding/);
  });
});
