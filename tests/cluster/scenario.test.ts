// Playground runs: a pure function of (seed, size, actions); the URL form round-trips; appending an
// action re-runs to the same prefix; extending a run equals running to the later horizon at once.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LiveRun, MAX_DROP, decodeAction, decodeScenario, encodeAction, encodeScenario, nodeIds, runScenario, type Action, type Scenario } from '../../src/client/cluster/scenario';
import { reference } from './helpers';

const node = (size: number) => fc.integer({ min: 1, max: size }).map((i) => `n${i}`);
const time = fc.integer({ min: 0, max: 600_000 }).map((x) => x / 10);

function action(size: number): fc.Arbitrary<Action> {
  return fc.oneof(
    fc.record({ t: time, type: fc.constantFrom('crash', 'restart', 'pause', 'resume') as fc.Arbitrary<'crash'>, node: node(size) }),
    fc
      .shuffledSubarray(nodeIds(size), { minLength: 1 })
      .chain((ids) => fc.integer({ min: 1, max: ids.length }).map((k) => [ids.slice(0, k), ids.slice(k)].filter((g) => g.length > 0)))
      .chain((groups) => time.map((t) => ({ t, type: 'part' as const, groups }))),
    fc
      .tuple(node(size), node(size))
      .filter(([a, b]) => a !== b)
      .chain(([from, to]) => time.map((t) => ({ t, type: 'cut' as const, from, to }))),
    time.map((t) => ({ t, type: 'heal' as const })),
    fc.tuple(time, fc.integer({ min: 0, max: MAX_DROP * 1000 })).map(([t, r]) => ({ t, type: 'drop' as const, rate: r / 1000 })),
  );
}

const scenario: fc.Arbitrary<Scenario> = fc.constantFrom(3, 5, 7).chain((size) =>
  fc.record({
    seed: fc.integer({ min: 0, max: 0xffffffff }),
    size: fc.constant(size),
    dropRate: fc.integer({ min: 0, max: 500 }).map((x) => x / 1000),
    actions: fc.array(action(size), { maxLength: 8 }),
  }),
);

describe('playground URL', () => {
  it('round-trips every scenario (property)', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        expect(decodeScenario(`?${encodeScenario(s)}`)).toEqual(s);
      }),
      { numRuns: 300 },
    );
  });

  it('reads the documented form', () => {
    expect(decodeScenario('?seed=7&n=5&a=1200:crash:n3,2400:part:n1n2|n3n4n5')).toEqual({
      seed: 7,
      size: 5,
      dropRate: 0,
      actions: [
        { t: 1200, type: 'crash', node: 'n3' },
        { t: 2400, type: 'part', groups: [['n1', 'n2'], ['n3', 'n4', 'n5']] },
      ],
    });
    expect(encodeScenario({ seed: 7, size: 5, dropRate: 0.1, actions: [{ t: 1200.5, type: 'cut', from: 'n1', to: 'n2' }, { t: 3000, type: 'heal' }] })).toBe('seed=7&n=5&d=0.1&a=1200.5:cut:n1>n2,3000:heal');
  });

  it('falls back to defaults and skips malformed or out-of-cluster actions', () => {
    expect(decodeScenario('?seed=-3&n=4&d=9')).toEqual({ seed: 7, size: 5, dropRate: 0, actions: [] });
    const s = decodeScenario('?n=3&a=100:crash:n4,200:crash:n2,x:heal,300:part:n1n1|n2,400:cut:n1>n1,500:drop:0.9,600:explode:n1,700:part:n1xn2|n3');
    expect(s.actions).toEqual([{ t: 200, type: 'crash', node: 'n2' }]);
    expect(decodeAction('12:resume:n7', 7)).toEqual({ t: 12, type: 'resume', node: 'n7' });
    expect(decodeAction(encodeAction({ t: 5, type: 'drop', rate: 0.25 }), 3)).toEqual({ t: 5, type: 'drop', rate: 0.25 });
  });
});

describe('a run is a pure function of its scenario', () => {
  const base: Scenario = { seed: 7, size: 5, dropRate: 0, actions: [{ t: 700, type: 'crash', node: 'n2' }] };

  it('the same scenario gives the same trace', () => {
    const a = runScenario(reference(), base, 2500);
    const b = runScenario(reference(), base, 2500);
    expect(JSON.stringify(a.trace)).toBe(JSON.stringify(b.trace));
  });

  it('appending an action at time t leaves every event before t as it was', () => {
    const a = runScenario(reference(), base, 2500);
    const t = 1500;
    const b = runScenario(reference(), { ...base, actions: [...base.actions, { t, type: 'part', groups: [['n1', 'n2'], ['n3', 'n4', 'n5']] }] }, 2500);
    const before = (tr: typeof a.trace) => JSON.stringify(tr.filter((e) => e.t < t));
    expect(before(b.trace)).toBe(before(a.trace));
    expect(JSON.stringify(b.trace)).not.toBe(JSON.stringify(a.trace));
    expect(b.trace.find((e) => e.type === 'partition')?.t).toBe(t);
  });

  it('extending a live run equals running to the later horizon at once', () => {
    const s: Scenario = { ...base, dropRate: 0.1, actions: [...base.actions, { t: 1800, type: 'pause', node: 'n4' }, { t: 2600, type: 'resume', node: 'n4' }] };
    const live = new LiveRun(reference(), s);
    const parts = [live.extend(1000), live.extend(2000), live.extend(3500)];
    const whole = runScenario(reference(), s, 3500);
    expect(JSON.stringify(parts.flatMap((p) => p.events))).toBe(JSON.stringify(whole.trace));
  });

  it('applies every kind of action at its time', () => {
    const s: Scenario = {
      seed: 3,
      size: 5,
      dropRate: 0,
      actions: [
        { t: 400, type: 'pause', node: 'n1' },
        { t: 500, type: 'resume', node: 'n1' },
        { t: 600, type: 'cut', from: 'n1', to: 'n2' },
        { t: 700, type: 'heal' },
        { t: 800, type: 'crash', node: 'n3' },
        { t: 900, type: 'restart', node: 'n3' },
        { t: 1000, type: 'drop', rate: 0.5 },
      ],
    };
    const r = runScenario(reference(), s, 1500);
    const at = (type: string) => r.trace.find((e) => e.type === type)?.t;
    expect([at('pause'), at('resume'), at('cut'), at('heal'), at('crash'), at('restart')]).toEqual([400, 500, 600, 700, 800, 900]);
    const losses = r.trace.filter((e) => e.type === 'drop' && e.reason === 'loss');
    expect(losses.length).toBeGreaterThan(10);
    expect(Math.min(...losses.map((e) => e.t))).toBeGreaterThanOrEqual(1000);
  });
});
