// From a trace to what the cluster looked like after any event: node states, election timers,
// messages in flight, partitions. Snapshots every SNAPSHOT_EVERY events make scrubbing a long
// trace cheap: a view is the nearest snapshot plus at most that many events applied.
import type { NodeId, Role } from '../contract/raft';
import type { DropReason, MessageKind, TraceEvent } from '../sim/trace';
import { ELECTION_TIMEOUT_MAX, ELECTION_TIMEOUT_MIN } from '../timing';
import { lastAtOrBefore } from './search';

export interface NodeView {
  id: NodeId;
  state: Role;
  term: number;
  votedFor: NodeId | null;
  alive: boolean;
  paused: boolean;
  /** The pending election timer, if any: when it was set and when it fires (virtual ms). */
  timer: { id: number; setAt: number; due: number } | null;
}

export interface MessageView {
  id: number;
  kind: MessageKind;
  from: NodeId;
  to: NodeId;
  term: number;
  body: Record<string, unknown>;
  sentAt: number;
  /** When it arrives, is dropped or lands in a paused node's buffer (looked ahead in the trace; the last copy's, if duplicated). */
  endAt: number;
  outcome: 'delivered' | 'dropped' | 'buffered' | 'in flight';
  reason?: DropReason;
}

export interface ViewState {
  /** Index of the last event applied (-1: before the first). */
  index: number;
  time: number;
  nodes: Record<NodeId, NodeView>;
  /** Messages sent and not yet delivered or dropped at `time`. */
  inFlight: MessageView[];
  /** Messages that ended at exactly this event (for drawing drops and arrivals). */
  ended: MessageView[];
  groups: NodeId[][];
  cuts: [NodeId, NodeId][];
  violation: Extract<TraceEvent, { type: 'violation' }> | null;
}

export const SNAPSHOT_EVERY = 256;

interface Mutable {
  nodes: Map<NodeId, NodeView>;
  inFlight: Map<number, { msg: MessageView; copies: number }>;
  groups: NodeId[][];
  cuts: [NodeId, NodeId][];
  violation: ViewState['violation'];
  pauseStart: Map<NodeId, number>;
}

export class Timeline {
  readonly events: readonly TraceEvent[];
  readonly nodeIds: readonly NodeId[];
  /** Every message of the run, with its fate. */
  readonly messages = new Map<number, MessageView>();
  private readonly snapshots: { index: number; state: Mutable }[] = [];

  constructor(events: readonly TraceEvent[], nodeIds: readonly NodeId[]) {
    this.events = events;
    this.nodeIds = nodeIds;
    this.indexMessages();
    let state = this.initial();
    this.snapshots.push({ index: -1, state: clone(state) });
    events.forEach((e, i) => {
      apply(state, e, this.messages);
      if ((i + 1) % SNAPSHOT_EVERY === 0) this.snapshots.push({ index: i, state: clone(state) });
    });
    state = null as never;
  }

  get length(): number {
    return this.events.length;
  }

  get endTime(): number {
    return this.events.length ? this.events[this.events.length - 1]!.t : 0;
  }

  /** The cluster after event `index` has been applied (index -1: the start). */
  at(index: number): ViewState {
    const target = Math.max(-1, Math.min(index, this.events.length - 1));
    const snap = this.snapshots[lastAtOrBefore(this.snapshots, (s) => s.index, target)]!; // snapshot 0 is at -1
    const state = clone(snap.state);
    for (let i = snap.index + 1; i <= target; i++) apply(state, this.events[i]!, this.messages);
    const event = target >= 0 ? this.events[target] : undefined;
    const time = event?.t ?? 0;
    const ended = event && (event.type === 'deliver' || event.type === 'drop' || event.type === 'buffer') ? [this.messages.get(event.msg)!].filter(Boolean) : [];
    return {
      index: target,
      time,
      nodes: Object.fromEntries([...state.nodes].map(([id, n]) => [id, { ...n, timer: n.timer && { ...n.timer } }])),
      inFlight: [...state.inFlight.values()].map((f) => f.msg),
      ended,
      groups: state.groups.map((g) => g.slice()),
      cuts: state.cuts.map(([a, b]) => [a, b] as [NodeId, NodeId]),
      violation: state.violation,
    };
  }

  /** The index of the last event at or before virtual time `t`. */
  indexAtTime(t: number): number {
    return lastAtOrBefore(this.events, (e) => e.t, t);
  }

  private initial(): Mutable {
    const nodes = new Map<NodeId, NodeView>();
    for (const id of this.nodeIds) nodes.set(id, { id, state: 'FOLLOWER', term: 0, votedFor: null, alive: true, paused: false, timer: null });
    return { nodes, inFlight: new Map(), groups: [], cuts: [], violation: null, pauseStart: new Map() };
  }

  private indexMessages(): void {
    const pending = new Map<number, number>(); // copies not yet ended
    for (const e of this.events) {
      if (e.type === 'send') pending.set(e.msg.id, 1);
      else if (e.type === 'duplicate') pending.set(e.msg, (pending.get(e.msg) ?? 0) + 1);
      else if (e.type === 'deliver' || e.type === 'drop' || e.type === 'buffer') pending.set(e.msg, (pending.get(e.msg) ?? 1) - 1);
      if (e.type === 'send') {
        this.messages.set(e.msg.id, { id: e.msg.id, kind: e.msg.kind, from: e.msg.from, to: e.msg.to, term: e.msg.term, body: e.msg.body, sentAt: e.t, endAt: Infinity, outcome: 'in flight' });
      } else if (e.type === 'deliver' || e.type === 'drop' || e.type === 'buffer') {
        // A duplicated message ends twice: keep the first fate, and the last end time.
        const m = this.messages.get(e.msg);
        if (m) {
          m.endAt = m.outcome === 'in flight' ? e.t : Math.max(m.endAt, e.t);
          if (m.outcome === 'in flight') {
            m.outcome = e.type === 'deliver' ? 'delivered' : e.type === 'drop' ? 'dropped' : 'buffered';
            if (e.type === 'drop') m.reason = e.reason;
          }
        }
      }
    }
    // A copy still travelling when the trace ends is in flight for good.
    for (const [id, copies] of pending) if (copies > 0) this.messages.get(id)!.endAt = Infinity;
  }
}

function isElectionTimer(delay: number, repeat: boolean): boolean {
  return !repeat && delay >= ELECTION_TIMEOUT_MIN - 1e-9 && delay <= ELECTION_TIMEOUT_MAX;
}

function apply(s: Mutable, e: TraceEvent, messages: Map<number, MessageView>): void {
  const node = 'node' in e ? s.nodes.get(e.node) : undefined;
  switch (e.type) {
    case 'boot':
      if (node) Object.assign(node, { state: e.state, term: e.term, votedFor: e.votedFor, alive: true, paused: false });
      break;
    case 'state':
      if (node) node.state = e.to;
      break;
    case 'term':
      if (node) {
        node.term = e.to;
        node.votedFor = null; // a new term starts without a vote; a 'vote' event follows if it voted
      }
      break;
    case 'vote':
      if (node && node.term === e.term) node.votedFor = e.for;
      break;
    case 'timer-set':
      if (node && isElectionTimer(e.delay, e.repeat)) node.timer = { id: e.timer, setAt: e.t, due: e.t + e.delay };
      break;
    case 'timer-clear':
    case 'timer-fire':
      if (node?.timer?.id === e.timer) node.timer = null;
      break;
    case 'crash':
      if (node) Object.assign(node, { alive: false, paused: false, timer: null });
      break;
    case 'pause':
      if (node) node.paused = true;
      s.pauseStart.set(e.node, e.t);
      break;
    case 'resume':
      if (node) {
        node.paused = false;
        const frozen = e.t - (s.pauseStart.get(e.node) ?? e.t);
        if (node.timer) node.timer = { ...node.timer, setAt: node.timer.setAt + frozen, due: node.timer.due + frozen };
      }
      break;
    case 'send': {
      const m = messages.get(e.msg.id);
      if (m) s.inFlight.set(m.id, { msg: m, copies: 1 });
      break;
    }
    case 'duplicate': {
      const f = s.inFlight.get(e.msg);
      if (f) f.copies++;
      break;
    }
    case 'deliver':
    case 'drop':
    case 'buffer': {
      const f = s.inFlight.get(e.msg);
      if (f && --f.copies <= 0) s.inFlight.delete(e.msg);
      break;
    }
    case 'partition':
      s.groups = e.groups.map((g) => g.slice());
      break;
    case 'cut':
      s.cuts = [...s.cuts, [e.from, e.to]];
      break;
    case 'heal':
      s.groups = [];
      s.cuts = [];
      break;
    case 'violation':
      s.violation = e;
      break;
  }
}

function clone(s: Mutable): Mutable {
  return {
    nodes: new Map([...s.nodes].map(([id, n]) => [id, { ...n, timer: n.timer && { ...n.timer } }])),
    inFlight: new Map([...s.inFlight].map(([id, f]) => [id, { msg: f.msg, copies: f.copies }])),
    groups: s.groups.map((g) => g.slice()),
    cuts: s.cuts.slice(),
    violation: s.violation,
    pauseStart: new Map(s.pauseStart),
  };
}
