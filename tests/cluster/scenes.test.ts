// The lesson scenes tell the story their captions tell: checked against the trace itself (via the
// same Timeline the viewer uses), not against what the script believed.
import { beforeAll, describe, expect, it } from 'vitest';
import { Timeline } from '../../src/engine/view/replay';
import { TraceModel } from '../../src/client/cluster/model';
import { SCENE_IDS, buildScene, type SceneRun } from '../../src/client/cluster/scenes';
import { decodeTrace, encodeTrace } from '../../src/client/cluster/codec';
import { reference } from './helpers';

const scenes = {} as Record<(typeof SCENE_IDS)[number], SceneRun>;
beforeAll(() => {
  for (const id of SCENE_IDS) scenes[id] = buildScene(id, reference());
});

/** Every node's view at each event in [from, to). */
function views(run: SceneRun, from: number, to: number) {
  const tl = new Timeline(run.trace, run.nodes);
  const out = [];
  for (let i = tl.indexAtTime(from); i <= tl.indexAtTime(to); i++) out.push(tl.at(i));
  return out;
}

describe('every scene', () => {
  it.each(SCENE_IDS)('%s: captions in time order, within the run, each non-empty; no rule broken', (id) => {
    const s = scenes[id];
    expect(s.captions.length).toBeGreaterThanOrEqual(5);
    expect(s.captions[0]!.t).toBe(0);
    for (let i = 1; i < s.captions.length; i++) expect(s.captions[i]!.t).toBeGreaterThanOrEqual(s.captions[i - 1]!.t);
    for (const c of s.captions) {
      expect(c.t).toBeLessThanOrEqual(s.until);
      expect(c.text.length).toBeGreaterThan(20);
    }
    expect(s.trace.some((e) => e.type === 'violation')).toBe(false);
    // Small enough to ship inside a lesson page.
    expect(JSON.stringify(encodeTrace(s.trace, s.nodes)).length).toBeLessThan(60_000);
    // The shipped form decodes to a trace the viewer can index.
    const { events, nodes } = decodeTrace(JSON.parse(JSON.stringify(encodeTrace(s.trace, s.nodes))));
    expect(new TraceModel(new Timeline(events, nodes)).length).toBe(s.trace.length);
  });

  it('is the same on every build (deterministic)', () => {
    for (const id of SCENE_IDS) expect(JSON.stringify(buildScene(id, reference()).trace)).toBe(JSON.stringify(scenes[id].trace));
  });
});

describe('split brain (lesson 5)', () => {
  it('the minority never has a leader during the partition, and its terms rise', () => {
    const s = scenes['split-brain'];
    const { east, west, partAt, healAt, leader, leaderTerm } = s.facts as { east: string[]; west: string[]; partAt: number; healAt: number; leader: string; leaderTerm: number };
    expect(west).toContain(leader);
    const during = views(s, partAt + 1, healAt - 1);
    for (const v of during) for (const id of east) expect(v.nodes[id]!.state, `${id} at ${v.time}`).not.toBe('LEADER');
    const eastTerm = (v: (typeof during)[number]) => Math.max(...east.map((id) => v.nodes[id]!.term));
    const terms = during.map(eastTerm);
    for (let i = 1; i < terms.length; i++) expect(terms[i]!).toBeGreaterThanOrEqual(terms[i - 1]!);
    expect(terms[terms.length - 1]! - terms[0]!).toBeGreaterThanOrEqual(4);
    // The majority keeps its leader, in the same term, all through the partition.
    for (const v of during) {
      expect(v.nodes[leader]!.state).toBe('LEADER');
      expect(v.nodes[leader]!.term).toBe(leaderTerm);
    }
    expect(during[0]!.groups).toEqual([east, west]);
  });

  it('after the heal, the inflated term deposes the leader and a new election follows', () => {
    const s = scenes['split-brain'];
    const { healAt, leader, newTerm } = s.facts as { healAt: number; leader: string; newTerm: number };
    const after = views(s, healAt, s.until);
    expect(after[after.length - 1]!.groups).toEqual([]);
    expect(after.some((v) => v.nodes[leader]!.state === 'FOLLOWER')).toBe(true);
    const last = after[after.length - 1]!;
    const leaders = Object.values(last.nodes).filter((n) => n.state === 'LEADER');
    expect(leaders).toHaveLength(1);
    expect(leaders[0]!.term).toBe(newTerm);
    expect(s.captions.some((c) => /keeps no log/.test(c.text) || /could not have won anyway/.test(c.text))).toBe(true);
  });
});

describe('class president (lesson 1)', () => {
  it('one leader, then after its crash another in a higher term, which the old one follows on restart', () => {
    const s = scenes['class-president'];
    const { firstLeader, secondLeader, secondTerm, crashAt } = s.facts as { firstLeader: string; secondLeader: string; secondTerm: number; crashAt: number };
    const before = views(s, 0, crashAt - 1);
    expect(before[before.length - 1]!.nodes[firstLeader]!.state).toBe('LEADER');
    expect(secondLeader).not.toBe(firstLeader);
    expect(secondTerm).toBeGreaterThan(1);
    const end = views(s, s.until, s.until).pop()!;
    expect(end.nodes[secondLeader]!.state).toBe('LEADER');
    expect(end.nodes[firstLeader]).toMatchObject({ alive: true, state: 'FOLLOWER', term: secondTerm });
  });
});

describe('zombie leader (lesson 6)', () => {
  it('the paused leader resumes while a newer term leads, then steps down', () => {
    const s = scenes['zombie-leader'];
    const { zombie, zombieTerm, newLeader, newTerm, pauseAt, resumeAt, stepDownAt } = s.facts as Record<string, never>;
    const frozen = views(s, pauseAt + 1, resumeAt - 1);
    expect(frozen.every((v) => v.nodes[zombie]!.paused && v.nodes[zombie]!.state === 'LEADER' && v.nodes[zombie]!.term === zombieTerm)).toBe(true);
    expect(frozen[frozen.length - 1]!.nodes[newLeader]).toMatchObject({ state: 'LEADER', term: newTerm });
    expect(newTerm).toBeGreaterThan(zombieTerm);
    const end = views(s, s.until, s.until).pop()!;
    expect(end.nodes[zombie]).toMatchObject({ paused: false, state: 'FOLLOWER', term: newTerm });
    expect(stepDownAt).toBeGreaterThanOrEqual(resumeAt);
    expect(s.captions.some((c) => c.text.includes(`token ${zombieTerm} < ${newTerm}`))).toBe(true);
  });
});

describe('stale follower read (lesson 10)', () => {
  it('the cut-off follower keeps following the old leader in the old term while the majority elects a new one', () => {
    const s = scenes['stale-follower-read'];
    const { leader, leaderTerm, follower, newLeader, newTerm, partAt, healAt } = s.facts as Record<string, never>;
    const tl = new Timeline(s.trace, s.nodes);
    const model = new TraceModel(tl);
    const electedAt = s.trace.find((e) => e.type === 'state' && e.node === newLeader && e.to === 'LEADER' && e.t > partAt)!.t;
    for (const v of views(s, electedAt, healAt - 1)) {
      expect(v.nodes[follower]).toMatchObject({ state: 'FOLLOWER', term: leaderTerm });
      expect(model.leaderKnownBy(follower, v.index)).toEqual({ leader, term: leaderTerm });
      expect(v.nodes[newLeader]).toMatchObject({ state: 'LEADER', term: newTerm });
    }
    const end = tl.at(tl.length - 1);
    expect(end.nodes[follower]!.term).toBe(newTerm);
    expect(s.captions.some((c) => /keeps no log/.test(c.text))).toBe(true);
  });
});
