// What the cluster picture needs on top of Timeline, computed once per trace and looked up by
// binary search while playing or scrubbing: every message's journey (when it leaves, arrives or
// dies, and where it dies), which leader each follower last heard from, when paused nodes froze,
// the lanes of the space-time diagram, and the plain-English summary of a moment.
// Pure (no DOM): unit-tested in tests/cluster/model.test.ts.
import type { NodeId, Role } from '../../engine/contract/raft';
import type { DropReason, MessageKind, TraceEvent } from '../../engine/sim/trace';
import type { Timeline, ViewState } from '../../engine/view/replay';
import { lastAtOrBefore } from '../../engine/view/search';
import { peerStates } from './peers';

/** A dropped message is drawn dying this far along its link (0 sender, 1 receiver). */
export const DEATH_FRACTION: Record<DropReason, number> = {
  loss: 0.45,
  partition: 0.5,
  'link-cut': 0.5,
  crashed: 0.82,
  restarted: 0.82,
};

/** Virtual ms a dropped message's cross stays on screen after it died. */
export const LINGER_MS = 24;

/** How long a message still travelling when the trace ends is assumed to take (for drawing only). */
export const OPEN_FLIGHT_MS = 12;

export interface Journey {
  id: number;
  kind: MessageKind;
  from: NodeId;
  to: NodeId;
  term: number;
  body: Record<string, unknown>;
  sentAt: number;
  sendIndex: number;
  /** When its travel ends: the last copy's arrival, buffering or drop (Infinity: still travelling). */
  endAt: number;
  endIndex: number;
  fate: 'delivered' | 'dropped' | 'buffered' | 'in flight';
  reason?: DropReason;
  /** For a buffered message: when the paused node finally took it (Infinity: never, in this trace). */
  releasedIndex: number;
  /** Where along the link it is drawn dying, for dropped messages. */
  deathFrac: number;
}

export interface VisibleMessage {
  journey: Journey;
  /** Position along the link, 0 (sender) to 1 (receiver). */
  frac: number;
  /** 'moving': travelling; 'dead': a cross where it was dropped. */
  phase: 'moving' | 'dead';
}

/** A stretch of one node's lane in the space-time diagram. */
export interface Segment {
  node: NodeId;
  from: number;
  to: number;
  kind: 'FOLLOWER' | 'CANDIDATE' | 'LEADER' | 'down' | 'paused';
  term: number;
}

/** A point marked on a lane: a role or term change, a crash, a restart, a vote. */
export interface LaneMark {
  node: NodeId;
  t: number;
  index: number;
  kind: 'state' | 'term' | 'crash' | 'restart' | 'pause' | 'resume' | 'vote' | 'violation';
  label: string;
}

interface Change<T> {
  index: number;
  value: T;
}

function valueAt<T>(list: readonly Change<T>[] | undefined, index: number): T | undefined {
  if (!list) return undefined;
  const i = lastAtOrBefore(list, (c) => c.index, index);
  return i < 0 ? undefined : list[i]!.value;
}

export const isReply = (kind: MessageKind) => kind === 'RequestVoteReply' || kind === 'HeartbeatReply';

/** The style a message is drawn in. */
export function messageStyle(j: Pick<Journey, 'kind' | 'body'>): 'vote-request' | 'vote-granted' | 'vote-refused' | 'heartbeat' | 'heartbeat-ok' | 'heartbeat-refused' {
  switch (j.kind) {
    case 'RequestVote':
      return 'vote-request';
    case 'RequestVoteReply':
      return j.body.voteGranted === true ? 'vote-granted' : 'vote-refused';
    case 'Heartbeat':
      return 'heartbeat';
    case 'HeartbeatReply':
      return j.body.success === true ? 'heartbeat-ok' : 'heartbeat-refused';
  }
}

export class TraceModel {
  readonly timeline: Timeline;
  readonly events: readonly TraceEvent[];
  readonly nodes: readonly NodeId[];
  /** Journeys in send order. */
  readonly journeys: Journey[] = [];
  readonly byId = new Map<number, Journey>();
  /** Longest finite time a journey stays on screen (travel + linger), for windowed lookups. */
  private maxSpan = 0;
  private readonly open: Journey[] = [];
  private readonly knownLeader = new Map<NodeId, Change<{ leader: NodeId; term: number } | null>[]>();
  private readonly pausedAt = new Map<NodeId, Change<number | null>[]>();
  readonly segments: Segment[] = [];
  readonly marks: LaneMark[] = [];

  constructor(timeline: Timeline) {
    this.timeline = timeline;
    this.events = timeline.events;
    this.nodes = timeline.nodeIds;
    this.indexJourneys();
    this.indexNodes();
  }

  get length(): number {
    return this.events.length;
  }

  get endTime(): number {
    return this.timeline.endTime;
  }

  private indexJourneys(): void {
    const copies = new Map<number, number>();
    const ended = new Map<number, number>();
    this.events.forEach((e, i) => {
      if (e.type === 'send') {
        const j: Journey = {
          id: e.msg.id,
          kind: e.msg.kind,
          from: e.msg.from,
          to: e.msg.to,
          term: e.msg.term,
          body: e.msg.body,
          sentAt: e.t,
          sendIndex: i,
          endAt: Infinity,
          endIndex: Infinity,
          fate: 'in flight',
          releasedIndex: Infinity,
          deathFrac: 1,
        };
        this.journeys.push(j);
        this.byId.set(j.id, j);
        copies.set(j.id, 1);
        ended.set(j.id, 0);
      } else if (e.type === 'duplicate') {
        copies.set(e.msg, (copies.get(e.msg) ?? 1) + 1);
      } else if (e.type === 'deliver' || e.type === 'drop' || e.type === 'buffer') {
        const j = this.byId.get(e.msg);
        if (!j) return;
        const n = (ended.get(e.msg) ?? 0) + 1;
        ended.set(e.msg, n);
        const all = copies.get(e.msg) ?? 1;
        if (n === all) {
          // The last copy's end closes the journey.
          j.endAt = e.t;
          j.endIndex = i;
          j.fate = e.type === 'deliver' ? 'delivered' : e.type === 'drop' ? 'dropped' : 'buffered';
          if (e.type === 'drop') {
            j.reason = e.reason;
            j.deathFrac = DEATH_FRACTION[e.reason] ?? 0.5;
          }
        } else if (n > all && j.fate === 'buffered' && j.releasedIndex === Infinity) {
          // A buffered message handed over (or dropped) after its paused target resumed.
          j.releasedIndex = i;
        }
      }
    });
    for (const j of this.journeys) {
      if (j.endAt === Infinity) this.open.push(j);
      else this.maxSpan = Math.max(this.maxSpan, j.endAt - j.sentAt + (j.fate === 'dropped' ? LINGER_MS : 0));
    }
  }

  private indexNodes(): void {
    const term = new Map<NodeId, number>();
    const role = new Map<NodeId, Role>();
    const down = new Set<NodeId>();
    const paused = new Set<NodeId>();
    const segStart = new Map<NodeId, { t: number; kind: Segment['kind']; term: number }>();
    const push = <T>(m: Map<NodeId, Change<T>[]>, id: NodeId, index: number, value: T) => {
      let list = m.get(id);
      if (!list) m.set(id, (list = []));
      list.push({ index, value });
    };
    for (const id of this.nodes) {
      term.set(id, 0);
      role.set(id, 'FOLLOWER');
      segStart.set(id, { t: 0, kind: 'FOLLOWER', term: 0 });
    }
    const kindOf = (id: NodeId): Segment['kind'] => (down.has(id) ? 'down' : paused.has(id) ? 'paused' : role.get(id)!);
    const cut = (id: NodeId, t: number) => {
      const s = segStart.get(id);
      if (!s) return;
      const kind = kindOf(id);
      const tm = term.get(id) ?? 0;
      if (s.kind === kind && s.term === tm) return;
      if (t > s.t) this.segments.push({ node: id, from: s.t, to: t, kind: s.kind, term: s.term });
      segStart.set(id, { t, kind, term: tm });
    };
    // Test peers run no code: their term and role come from the messages they send (peers.ts).
    const peerAt = new Map<number, { node: NodeId; term: number; state: Role }>();
    for (const [node, steps] of peerStates(this.events, this.nodes)) for (const st of steps) peerAt.set(st.index, { node, term: st.term, state: st.state });
    this.events.forEach((e, i) => {
      const peer = peerAt.get(i);
      if (peer) {
        term.set(peer.node, peer.term);
        role.set(peer.node, peer.state);
        cut(peer.node, e.t);
      }
      switch (e.type) {
        case 'deliver': {
          const j = this.byId.get(e.msg);
          if (j && j.kind === 'Heartbeat' && j.term >= (term.get(e.to) ?? 0)) push(this.knownLeader, e.to, i, { leader: j.from, term: j.term });
          break;
        }
        case 'term': {
          term.set(e.node, e.to);
          const known = valueAt(this.knownLeader.get(e.node), i);
          if (known && known.term !== e.to) push(this.knownLeader, e.node, i, null);
          this.marks.push({ node: e.node, t: e.t, index: i, kind: 'term', label: `term ${e.to}` });
          cut(e.node, e.t);
          break;
        }
        case 'state':
          role.set(e.node, e.to);
          if (e.to === 'LEADER') push(this.knownLeader, e.node, i, { leader: e.node, term: e.term });
          else if (e.from === 'LEADER') push(this.knownLeader, e.node, i, null);
          this.marks.push({ node: e.node, t: e.t, index: i, kind: 'state', label: `${e.to.toLowerCase()} (term ${e.term})` });
          cut(e.node, e.t);
          break;
        case 'boot':
          role.set(e.node, e.state);
          term.set(e.node, e.term);
          down.delete(e.node);
          paused.delete(e.node);
          cut(e.node, e.t);
          break;
        case 'vote':
          if (e.for !== e.node) this.marks.push({ node: e.node, t: e.t, index: i, kind: 'vote', label: `votes for ${e.for} (term ${e.term})` });
          break;
        case 'crash':
          down.add(e.node);
          paused.delete(e.node);
          role.set(e.node, 'FOLLOWER');
          push(this.knownLeader, e.node, i, null);
          push(this.pausedAt, e.node, i, null);
          this.marks.push({ node: e.node, t: e.t, index: i, kind: 'crash', label: 'crashes' });
          cut(e.node, e.t);
          break;
        case 'restart':
          this.marks.push({ node: e.node, t: e.t, index: i, kind: 'restart', label: 'restarts' });
          break;
        case 'pause':
          paused.add(e.node);
          push(this.pausedAt, e.node, i, e.t);
          this.marks.push({ node: e.node, t: e.t, index: i, kind: 'pause', label: 'freezes' });
          cut(e.node, e.t);
          break;
        case 'resume':
          paused.delete(e.node);
          push(this.pausedAt, e.node, i, null);
          this.marks.push({ node: e.node, t: e.t, index: i, kind: 'resume', label: 'resumes' });
          cut(e.node, e.t);
          break;
        case 'violation':
          for (const id of e.nodes) this.marks.push({ node: id, t: e.t, index: i, kind: 'violation', label: `rule broken: ${e.rule}` });
          break;
      }
    });
    const end = Math.max(this.endTime, 0);
    for (const id of this.nodes) {
      const s = segStart.get(id)!;
      this.segments.push({ node: id, from: s.t, to: Math.max(end, s.t), kind: s.kind, term: s.term });
    }
    this.segments.sort((a, b) => a.from - b.from);
  }

  /** The leader `node` last heard from (or is) in its current term, after event `index`. */
  leaderKnownBy(node: NodeId, index: number): { leader: NodeId; term: number } | null {
    return valueAt(this.knownLeader.get(node), index) ?? null;
  }

  /** When `node` froze, if it is paused after event `index`. */
  pausedSince(node: NodeId, index: number): number | null {
    return valueAt(this.pausedAt.get(node), index) ?? null;
  }

  /** Index of the last journey sent at or before event `index`. */
  private lastSentBy(index: number): number {
    return lastAtOrBefore(this.journeys, (j) => j.sendIndex, index);
  }

  /**
   * Messages on screen at virtual time `t`, with events up to `index` applied (t is the time of
   * event `index` when stepping, or between events while playing). A message moves from its
   * sender (when sent) to its receiver (when it arrives); a dropped one moves to where it dies and
   * stays there as a cross for LINGER_MS. Messages dropped on sending show only the cross.
   */
  visibleAt(t: number, index: number): VisibleMessage[] {
    const out: VisibleMessage[] = [];
    const consider = (j: Journey) => {
      if (j.sendIndex > index) return;
      if (j.fate === 'dropped') {
        if (j.endIndex <= index) {
          if (t < j.endAt + LINGER_MS) out.push({ journey: j, frac: j.deathFrac, phase: 'dead' });
          return;
        }
        const span = j.endAt - j.sentAt;
        const k = span > 0 ? (t - j.sentAt) / span : 0;
        out.push({ journey: j, frac: j.deathFrac * clamp01(k), phase: 'moving' });
        return;
      }
      if (j.endIndex <= index) return; // arrived (or waiting in a paused node's buffer)
      const span = j.endAt === Infinity ? OPEN_FLIGHT_MS : j.endAt - j.sentAt;
      const k = span > 0 ? (t - j.sentAt) / span : 1;
      out.push({ journey: j, frac: j.endAt === Infinity ? Math.min(0.95, clamp01(k)) : clamp01(k), phase: 'moving' });
    };
    const last = this.lastSentBy(index);
    const from = t - this.maxSpan - 1e-9;
    for (let i = last; i >= 0; i--) {
      const j = this.journeys[i]!;
      if (j.sentAt < from) break;
      if (j.endAt !== Infinity) consider(j);
    }
    for (const j of this.open) consider(j);
    return out;
  }

  /** Messages waiting in a paused node's buffer after event `index`. */
  bufferedAt(node: NodeId, index: number): number {
    let n = 0;
    // Buffering only happens while a node is paused: look back from its pause.
    const since = valueAt(this.pausedAt.get(node), index);
    if (since == null) return 0;
    for (let i = this.lastSentBy(index); i >= 0; i--) {
      const j = this.journeys[i]!;
      if (j.sentAt < since - this.maxSpan) break;
      if (j.to === node && j.fate === 'buffered' && j.endIndex <= index && j.releasedIndex > index) n++;
    }
    return n;
  }

  /** Journeys whose travel overlaps the time window [a, b] (for the space-time diagram). */
  journeysBetween(a: number, b: number): Journey[] {
    const out: Journey[] = [];
    let lo = 0;
    let hi = this.journeys.length;
    const start = a - this.maxSpan;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.journeys[mid]!.sentAt < start) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.journeys.length; i++) {
      const j = this.journeys[i]!;
      if (j.sentAt > b) break;
      const end = j.endAt === Infinity ? j.sentAt + OPEN_FLIGHT_MS : j.endAt;
      if (end >= a) out.push(j);
    }
    for (const j of this.open) if (j.sentAt < start) out.push(j);
    return out;
  }

  /** The index of the event nearest to time t (for clicks on the space-time diagram). */
  indexNearTime(t: number): number {
    const i = this.timeline.indexAtTime(t);
    const next = i + 1 < this.events.length ? i + 1 : i;
    if (i < 0) return this.events.length ? 0 : -1;
    return Math.abs(this.events[next]!.t - t) < Math.abs(this.events[i]!.t - t) ? next : i;
  }
}

function clamp01(k: number): number {
  return k < 0 ? 0 : k > 1 ? 1 : k;
}

const roleWord: Record<Role, string> = { FOLLOWER: 'follower', CANDIDATE: 'candidate', LEADER: 'leader' };

function list(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * The cluster in one or two sentences, for screen readers and the text alternative: who leads
 * which term (and whether a leader is stale), who follows whom, who campaigns, who is down or
 * frozen, and how the network is split.
 */
export function summarize(view: ViewState, model: Pick<TraceModel, 'leaderKnownBy'>, nodes: readonly NodeId[]): string {
  const parts: string[] = [];
  const live = nodes.map((id) => view.nodes[id]!).filter(Boolean);
  const leaders = live.filter((n) => n.alive && n.state === 'LEADER');
  const maxTerm = Math.max(0, ...live.filter((n) => n.alive).map((n) => n.term));
  if (!leaders.length) parts.push(`No leader${maxTerm ? ` (highest term ${maxTerm})` : ''}.`);
  const topLeaderTerm = Math.max(-1, ...leaders.map((l) => l.term));
  for (const l of leaders.sort((a, b) => b.term - a.term)) {
    const stale = l.term < topLeaderTerm || l.term < maxTerm;
    const frozen = l.paused ? ', frozen,' : '';
    parts.push(stale ? `${l.id}${frozen} still believes it leads term ${l.term}, but a newer term exists.` : `${l.id}${frozen} leads term ${l.term}.`);
  }
  const followersOf = new Map<string, string[]>();
  const candidates: string[] = [];
  const down: string[] = [];
  const paused: string[] = [];
  for (const n of live) {
    if (!n.alive) {
      down.push(n.id);
      continue;
    }
    if (n.paused && n.state !== 'LEADER') paused.push(n.id);
    if (n.state === 'CANDIDATE') candidates.push(`${n.id} (term ${n.term})`);
    if (n.state === 'FOLLOWER') {
      const k = model.leaderKnownBy(n.id, view.index);
      const key = k && k.term === n.term ? `follow ${k.leader} in term ${n.term}` : `follow no known leader (term ${n.term})`;
      followersOf.set(key, [...(followersOf.get(key) ?? []), n.id]);
    }
  }
  if (candidates.length) parts.push(`${list(candidates)} ${candidates.length > 1 ? 'are candidates' : 'is a candidate'}.`);
  for (const [what, ids] of followersOf) parts.push(`${list(ids)} ${ids.length > 1 ? what : what.replace(/^follow/, 'follows')}.`);
  if (paused.length) parts.push(`${list(paused)} ${paused.length > 1 ? 'are' : 'is'} frozen.`);
  if (down.length) parts.push(`${list(down)} ${down.length > 1 ? 'are' : 'is'} down.`);
  if (view.groups.length) parts.push(`The network is split: ${view.groups.map((g) => `{${g.join(', ')}}`).join(' | ')}.`);
  if (view.cuts.length) parts.push(`Cut links: ${view.cuts.map(([a, b]) => `${a} to ${b}`).join(', ')}.`);
  if (view.violation) parts.push(`Rule broken: ${view.violation.rule}.`);
  return parts.join(' ');
}

/** A node's role in words, for labels. */
export const roleLabel = (r: Role) => roleWord[r];
