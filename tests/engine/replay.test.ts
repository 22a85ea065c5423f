// Trace to view state: any prefix of a trace shows exactly what the simulator held at that point.
import { describe, expect, it } from 'vitest';
import { plainProgram, Simulation } from '../../src/engine';
import { Timeline } from '../../src/engine/view/replay';
import { describeEvent } from '../../src/engine/view/describe-event';
import { compileTs, readSource } from './helpers';

const reference = plainProgram(compileTs(readSource('solutions/05-faults/solution.ts')));
const ids = ['n1', 'n2', 'n3', 'n4', 'n5'];

/** A run with every kind of fault, stopped at checkpoints where the live state is recorded. */
function runWithCheckpoints(seed: number) {
  const sim = new Simulation({ seed, nodes: ids, program: reference, record: true, network: { requestDropRate: 0.1, duplicateRate: 0.1, tailProbability: 0.1 } });
  const checkpoints: { index: number; nodes: Record<string, { state: string; term: number; votedFor: string | null; alive: boolean; paused: boolean }>; timers: Record<string, number | null> }[] = [];
  const record = () =>
    checkpoints.push({
      index: sim.eventCount - 1,
      nodes: Object.fromEntries(ids.map((id) => { const v = sim.view(id); return [id, { state: v.state, term: v.term, votedFor: v.votedFor, alive: v.alive, paused: v.paused }]; })),
      timers: Object.fromEntries(ids.map((id) => [id, sim.pendingTimers(id).find((t) => !t.repeat && t.delay >= 150)?.due ?? null])),
    });
  const script: [number, () => void][] = [
    [600, () => sim.partition([['n1', 'n2'], ['n3', 'n4', 'n5']])],
    [1200, () => sim.crash('n3')],
    [1500, () => sim.pause('n4')],
    [1900, () => sim.cut('n5', 'n1')],
    [2300, () => sim.heal()],
    [2400, () => sim.restart('n3')],
    [2500, () => sim.resume('n4')],
  ];
  for (let t = 50; t <= 3500; t += 37) {
    sim.runUntil(t);
    for (const [at, act] of script) if (at > t - 37 && at <= t) act();
    record();
  }
  return { sim, checkpoints };
}

describe('Timeline (trace to view state)', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`reproduces node states, votes, liveness and election timers at every checkpoint (seed ${seed})`, () => {
      const { sim, checkpoints } = runWithCheckpoints(seed);
      expect(sim.violation).toBeNull();
      const timeline = new Timeline(sim.trace, ids);
      for (const cp of checkpoints) {
        const view = timeline.at(cp.index);
        for (const id of ids) {
          const n = view.nodes[id]!;
          expect({ state: n.state, term: n.term, votedFor: n.votedFor, alive: n.alive, paused: n.paused }, `${id} after event ${cp.index}`).toEqual(cp.nodes[id]);
          if (!cp.nodes[id]!.alive || cp.nodes[id]!.paused) continue;
          const want = cp.timers[id];
          if (want === null) expect(n.timer, `${id}'s timer after event ${cp.index}`).toBeNull();
          else expect(n.timer?.due, `${id}'s timer after event ${cp.index}`).toBeCloseTo(want!, 6);
        }
      }
    });
  }

  it('tracks messages in flight, partitions and cuts', () => {
    const { sim } = runWithCheckpoints(5);
    const timeline = new Timeline(sim.trace, ids);
    const partitioned = timeline.at(timeline.indexAtTime(700));
    expect(partitioned.groups).toEqual([['n1', 'n2'], ['n3', 'n4', 'n5']]);
    const cut = timeline.at(timeline.indexAtTime(2000));
    expect(cut.cuts).toEqual([['n5', 'n1']]);
    const healed = timeline.at(timeline.indexAtTime(2350));
    expect(healed.groups).toEqual([]);
    expect(healed.cuts).toEqual([]);
    // Every message in flight was sent before and ends after the moment shown.
    for (const i of [100, 900, 2000, timeline.length - 1]) {
      const v = timeline.at(i);
      for (const m of v.inFlight) {
        expect(m.sentAt).toBeLessThanOrEqual(v.time);
        expect(m.endAt).toBeGreaterThanOrEqual(v.time);
      }
    }
  });

  it('scrubbing backwards gives the same view as going forwards', () => {
    const { sim } = runWithCheckpoints(6);
    const timeline = new Timeline(sim.trace, ids);
    const forward = [10, 500, 1000, 3000].map((i) => JSON.stringify(timeline.at(i)));
    const backward = [3000, 1000, 500, 10].map((i) => JSON.stringify(timeline.at(i))).reverse();
    expect(backward).toEqual(forward);
  });

  it('describes every event in words', () => {
    const { sim } = runWithCheckpoints(7);
    const kinds = new Set(sim.trace.map((e) => e.type));
    expect(kinds.size).toBeGreaterThan(15);
    for (const e of sim.trace) expect(describeEvent(e)).toMatch(/\w/);
  });
});
