// What the picture draws on top of Timeline: message positions at a time, drops, followers' known
// leaders, frozen clocks, lanes of the space-time diagram, and the text summary.
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/engine';
import type { TraceEvent } from '../../src/engine/sim/trace';
import { Timeline } from '../../src/engine/view/replay';
import { DEATH_FRACTION, LINGER_MS, TraceModel, messageStyle, summarize } from '../../src/client/cluster/model';
import { reference } from './helpers';

const ids = ['n1', 'n2', 'n3', 'n4', 'n5'];

function run(seed: number, script: (sim: Simulation) => void, until = 3000, network = {}) {
  const sim = new Simulation({ seed, nodes: ids, program: reference(), record: true, network });
  script(sim);
  sim.runUntil(until);
  const timeline = new Timeline(sim.trace, ids);
  return { sim, timeline, model: new TraceModel(timeline) };
}

/** A hand-written trace: one message that takes 10 ms, one lost on sending, one dropped in flight. */
function handTrace(): TraceEvent[] {
  const body = { term: 1, leaderId: 'n1' };
  const ev = [
    { t: 0, type: 'send', msg: { id: 1, kind: 'Heartbeat', from: 'n1', to: 'n2', term: 1, sentAt: 0, body } },
    { t: 0, type: 'send', msg: { id: 2, kind: 'Heartbeat', from: 'n1', to: 'n3', term: 1, sentAt: 0, body } },
    { t: 0, type: 'drop', msg: 2, kind: 'Heartbeat', from: 'n1', to: 'n3', reason: 'loss' },
    { t: 2, type: 'send', msg: { id: 3, kind: 'Heartbeat', from: 'n1', to: 'n4', term: 1, sentAt: 2, body } },
    { t: 6, type: 'partition', groups: [['n1', 'n2'], ['n3', 'n4', 'n5']] },
    { t: 8, type: 'drop', msg: 3, kind: 'Heartbeat', from: 'n1', to: 'n4', reason: 'partition' },
    { t: 10, type: 'deliver', msg: 1, kind: 'Heartbeat', from: 'n1', to: 'n2' },
  ];
  return ev.map((e, i) => ({ ...e, i }) as TraceEvent);
}

describe('message positions', () => {
  const trace = handTrace();
  const model = new TraceModel(new Timeline(trace, ids));
  const at = (t: number, index: number) => Object.fromEntries(model.visibleAt(t, index).map((v) => [v.journey.id, { frac: +v.frac.toFixed(4), phase: v.phase }]));

  it('interpolates a message between its sending and its arrival', () => {
    expect(at(0, 1)[1]).toEqual({ frac: 0, phase: 'moving' });
    expect(at(5, 4)[1]).toEqual({ frac: 0.5, phase: 'moving' });
    expect(at(7.5, 4)[1]).toEqual({ frac: 0.75, phase: 'moving' });
    expect(at(10, 6)[1]).toBeUndefined(); // arrived
  });

  it('shows nothing sent after the event shown', () => {
    expect(at(0, 0)).toEqual({ 1: { frac: 0, phase: 'moving' } });
    expect(at(0, 1)[3]).toBeUndefined();
  });

  it('draws a message lost on sending as a cross where it dies, for a while, then removes it', () => {
    expect(at(0, 2)[2]).toEqual({ frac: DEATH_FRACTION.loss, phase: 'dead' });
    expect(at(LINGER_MS - 1, 6)[2]).toEqual({ frac: DEATH_FRACTION.loss, phase: 'dead' });
    expect(at(LINGER_MS + 1, 6)[2]).toBeUndefined();
  });

  it('moves a message dropped in flight towards where it dies, then crosses it', () => {
    // Sent at 2, dropped at 8 by the partition: at 5 it is halfway to the death point.
    expect(at(5, 4)[3]).toEqual({ frac: +(DEATH_FRACTION.partition * 0.5).toFixed(4), phase: 'moving' });
    expect(at(8, 5)[3]).toEqual({ frac: DEATH_FRACTION.partition, phase: 'dead' });
  });

  it('finds the journeys overlapping a time window (space-time chunks)', () => {
    expect(model.journeysBetween(9, 20).map((j) => j.id).sort()).toEqual([1]); // 3's arrow ends where it died, at 8
    expect(model.journeysBetween(7, 20).map((j) => j.id).sort()).toEqual([1, 3]);
    expect(model.journeysBetween(0, 1).map((j) => j.id).sort()).toEqual([1, 2]);
  });

  it('styles messages by kind and answer', () => {
    expect(messageStyle({ kind: 'RequestVote', body: {} })).toBe('vote-request');
    expect(messageStyle({ kind: 'RequestVoteReply', body: { voteGranted: true } })).toBe('vote-granted');
    expect(messageStyle({ kind: 'RequestVoteReply', body: { voteGranted: false } })).toBe('vote-refused');
    expect(messageStyle({ kind: 'Heartbeat', body: {} })).toBe('heartbeat');
    expect(messageStyle({ kind: 'HeartbeatReply', body: { success: true } })).toBe('heartbeat-ok');
    expect(messageStyle({ kind: 'HeartbeatReply', body: { success: false } })).toBe('heartbeat-refused');
  });
});

describe('on a real run', () => {
  it('every visible moving message was sent before the moment and lies on its link', () => {
    const { timeline, model } = run(3, (sim) => sim.at(800, () => sim.partition([['n1', 'n2'], ['n3', 'n4', 'n5']])), 2000, { requestDropRate: 0.2, duplicateRate: 0.1 });
    let seen = 0;
    for (let t = 0; t < 2000; t += 13.7) {
      const index = timeline.indexAtTime(t);
      for (const v of model.visibleAt(t, index)) {
        seen++;
        expect(v.journey.sendIndex).toBeLessThanOrEqual(index);
        expect(v.journey.sentAt).toBeLessThanOrEqual(t);
        expect(v.frac).toBeGreaterThanOrEqual(0);
        expect(v.frac).toBeLessThanOrEqual(1);
        if (v.phase === 'dead') expect(v.journey.fate).toBe('dropped');
        if (v.journey.fate === 'delivered') expect(v.journey.endAt).toBeGreaterThan(t - 1e-9);
      }
    }
    expect(seen).toBeGreaterThan(200);
  });

  it('knows which leader a follower last heard from, and forgets it when its term moves on', () => {
    const { sim, timeline, model } = run(1, () => {}, 1500);
    const leader = sim.leaders()[0]!;
    const end = timeline.length - 1;
    for (const id of ids.filter((x) => x !== leader.node)) expect(model.leaderKnownBy(id, end)).toEqual({ leader: leader.node, term: leader.term });
    expect(model.leaderKnownBy(leader.node, end)).toEqual({ leader: leader.node, term: leader.term });
    expect(model.leaderKnownBy('n1', 0)).toBeNull();
  });

  it('remembers when a paused node froze, and how many messages wait in its buffer', () => {
    const { sim, timeline, model } = run(2, (s) => {
      s.at(600, () => s.pause(s.leaders()[0]!.node));
      s.at(1200, () => s.resume((s.trace.find((e) => e.type === 'pause') as { node: string }).node));
    }, 1500);
    const pause = sim.trace.find((e) => e.type === 'pause')!;
    const node = (pause as { node: string }).node;
    const i = timeline.indexAtTime(1100);
    expect(model.pausedSince(node, i)).toBe(600);
    expect(model.bufferedAt(node, i)).toBeGreaterThan(0);
    expect(model.pausedSince(node, timeline.length - 1)).toBeNull();
    expect(model.bufferedAt(node, timeline.length - 1)).toBe(0);
  });

  it('cuts each lane into role segments that cover the run without overlapping', () => {
    const { timeline, model } = run(4, (s) => {
      s.at(700, () => s.crash(s.leaders()[0]!.node));
    }, 2000);
    for (const id of ids) {
      const segs = model.segments.filter((s) => s.node === id).sort((a, b) => a.from - b.from);
      expect(segs[0]!.from).toBe(0);
      expect(segs[segs.length - 1]!.to).toBeCloseTo(timeline.endTime, 6);
      for (let k = 1; k < segs.length; k++) expect(segs[k]!.from).toBeCloseTo(segs[k - 1]!.to, 9);
    }
    expect(model.segments.some((s) => s.kind === 'down' && s.from === 700)).toBe(true);
    expect(model.segments.some((s) => s.kind === 'LEADER')).toBe(true);
  });

  it('summarizes who leads which term, who is down, and the partition', () => {
    const { sim, timeline, model } = run(5, (s) => {
      s.at(500, () => s.partition([['n1', 'n2'], ['n3', 'n4', 'n5']]));
      s.at(900, () => s.crash('n5'));
    }, 1400);
    const v = timeline.at(timeline.length - 1);
    const text = summarize(v, model, ids);
    for (const l of sim.leaders()) expect(text).toContain(`${l.node} leads term ${l.term}`);
    expect(text).toContain('n5 is down.');
    expect(text).toContain('The network is split: {n1, n2} | {n3, n4, n5}.');
    expect(summarize(timeline.at(0), model, ids)).toMatch(/^No leader\./);
  });

  it('calls a leader stale when a newer term exists', () => {
    const { timeline, model } = run(6, (s) => {
      s.at(500, () => s.pause(s.leaders()[0]!.node));
    }, 1300);
    const text = summarize(timeline.at(timeline.length - 1), model, ids);
    expect(text).toMatch(/, frozen, still believes it leads term 1, but a newer term exists\./);
    expect(text).toMatch(/leads term [2-9]\./);
  });
});
