// A compact text form of a trace, for lesson scenes computed at build time and shipped inside the
// page: node ids become indexes, times become integer nanosecond deltas, messages are named by
// id after their send, and the common events are positional arrays. About a fifth of plain JSON.
// Round-trip tested in tests/cluster/codec.test.ts (times to the nanosecond, timer delays exact).
import type { NodeId, Role } from '../../engine/contract/raft';
import type { DropReason, MessageKind, TraceEvent } from '../../engine/sim/trace';

export interface EncodedTrace {
  v: 1;
  nodes: NodeId[];
  e: unknown[][];
}

const KINDS: MessageKind[] = ['RequestVote', 'RequestVoteReply', 'Heartbeat', 'HeartbeatReply'];
const ROLES: Role[] = ['FOLLOWER', 'CANDIDATE', 'LEADER'];
const REASONS: DropReason[] = ['loss', 'partition', 'link-cut', 'crashed', 'restarted'];
const SIMPLE = ['crash', 'restart', 'pause', 'resume'] as const;

const C = {
  send: 0,
  deliver: 1,
  drop: 2,
  duplicate: 3,
  buffer: 4,
  timerSet: 5,
  timerClear: 6,
  timerFire: 7,
  state: 8,
  term: 9,
  vote: 10,
  persist: 11,
  crash: 12, // 12..15: crash, restart, pause, resume
  boot: 16,
  partition: 17,
  cut: 18,
  heal: 19,
  log: 20,
  violation: 21,
  generic: 99,
} as const;

const US = 1_000_000; // time unit: nanoseconds (so times print the same to 0.1 ms)

/** The body fields of each message kind, in the order the simulator writes them. */
const BODY_KEYS: Record<MessageKind, string[]> = {
  RequestVote: ['term', 'lastLogIndex', 'lastLogTerm', 'candidateId'],
  RequestVoteReply: ['term', 'voteGranted'],
  Heartbeat: ['term', 'leaderId'],
  HeartbeatReply: ['term', 'success'],
};

export function encodeTrace(events: readonly TraceEvent[], nodes: readonly NodeId[]): EncodedTrace {
  const idx = new Map(nodes.map((id, i) => [id, i]));
  const n = (id: NodeId | null) => (id === null ? -1 : (idx.get(id) ?? -2));
  const msgs = new Map<number, { kind: MessageKind; from: NodeId; to: NodeId }>();
  const out: unknown[][] = [];
  let last = 0;
  events.forEach((e, i) => {
    const micro = Math.round(e.t * US);
    const dt = micro - last;
    last = micro;
    const generic = () => {
      const { i: _i, t: _t, ...rest } = e;
      out.push([C.generic, dt, rest]);
    };
    if (e.i !== i) return generic();
    switch (e.type) {
      case 'send': {
        const { msg } = e;
        const keys = BODY_KEYS[msg.kind];
        const bodyKeys = Object.keys(msg.body);
        const from = n(msg.from);
        const to = n(msg.to);
        const shaped = keys && bodyKeys.length === keys.length && bodyKeys.every((k, j) => k === keys[j]) && msg.body.term === msg.term && from >= 0 && to >= 0;
        if (!shaped) {
          msgs.set(msg.id, msg);
          return generic();
        }
        const extra: unknown[] = keys.slice(1).map((k) => {
          const v = msg.body[k];
          if (k === 'candidateId' || k === 'leaderId') return typeof v === 'string' && idx.has(v) ? idx.get(v) : { s: v };
          if (typeof v === 'boolean') return v ? 1 : 0;
          return v;
        });
        msgs.set(msg.id, msg);
        out.push([C.send, dt, msg.id, KINDS.indexOf(msg.kind), from, to, msg.term, Math.round((msg.sentAt - e.t) * US), ...extra]);
        return;
      }
      case 'deliver': {
        const m = msgs.get(e.msg);
        if (!m || m.kind !== e.kind || m.from !== e.from || m.to !== e.to) return generic();
        out.push([C.deliver, dt, e.msg]);
        return;
      }
      case 'drop': {
        const m = msgs.get(e.msg);
        if (!m || m.kind !== e.kind || m.from !== e.from || m.to !== e.to || !REASONS.includes(e.reason)) return generic();
        out.push([C.drop, dt, e.msg, REASONS.indexOf(e.reason)]);
        return;
      }
      case 'duplicate': {
        const m = msgs.get(e.msg);
        if (!m || m.from !== e.from || m.to !== e.to) return generic();
        out.push([C.duplicate, dt, e.msg]);
        return;
      }
      case 'buffer': {
        const m = msgs.get(e.msg);
        if (!m || m.to !== e.to) return generic();
        out.push([C.buffer, dt, e.msg]);
        return;
      }
      case 'timer-set':
        if (n(e.node) < 0) return generic();
        out.push([C.timerSet, dt, n(e.node), e.timer, e.delay, e.repeat ? 1 : 0]);
        return;
      case 'timer-clear':
      case 'timer-fire':
        if (n(e.node) < 0) return generic();
        out.push([e.type === 'timer-clear' ? C.timerClear : C.timerFire, dt, n(e.node), e.timer]);
        return;
      case 'state':
        if (n(e.node) < 0) return generic();
        out.push([C.state, dt, n(e.node), ROLES.indexOf(e.from), ROLES.indexOf(e.to), e.term]);
        return;
      case 'term':
        if (n(e.node) < 0) return generic();
        out.push([C.term, dt, n(e.node), e.from, e.to]);
        return;
      case 'vote':
        if (n(e.node) < 0 || n(e.for) < 0) return generic();
        out.push([C.vote, dt, n(e.node), e.term, n(e.for)]);
        return;
      case 'persist':
        if (n(e.node) < 0 || n(e.state.votedFor) === -2 || Object.keys(e.state).join() !== 'currentTerm,votedFor') return generic();
        out.push([C.persist, dt, n(e.node), e.state.currentTerm, n(e.state.votedFor)]);
        return;
      case 'crash':
      case 'restart':
      case 'pause':
      case 'resume':
        if (n(e.node) < 0) return generic();
        out.push([C.crash + SIMPLE.indexOf(e.type), dt, n(e.node)]);
        return;
      case 'boot':
        if (n(e.node) < 0 || n(e.votedFor) === -2) return generic();
        out.push([C.boot, dt, n(e.node), ROLES.indexOf(e.state), e.term, n(e.votedFor)]);
        return;
      case 'partition':
        if (e.groups.some((g) => g.some((id) => n(id) < 0))) return generic();
        out.push([C.partition, dt, e.groups.map((g) => g.map(n))]);
        return;
      case 'cut':
        if (n(e.from) < 0 || n(e.to) < 0) return generic();
        out.push([C.cut, dt, n(e.from), n(e.to)]);
        return;
      case 'heal':
        out.push([C.heal, dt]);
        return;
      case 'log':
        if (n(e.node) < 0) return generic();
        out.push([C.log, dt, n(e.node), e.text]);
        return;
      case 'violation':
        if (e.nodes.some((id) => n(id) < 0)) return generic();
        out.push([C.violation, dt, e.rule, e.message, e.nodes.map(n)]);
        return;
      default:
        return generic();
    }
  });
  return { v: 1, nodes: nodes.slice(), e: out };
}

export function decodeTrace(encoded: EncodedTrace): { events: TraceEvent[]; nodes: NodeId[] } {
  if (encoded.v !== 1) throw new Error(`unknown trace encoding v${String(encoded.v)}`);
  const nodes = encoded.nodes.slice();
  const id = (k: unknown): NodeId => nodes[k as number]!;
  const idOrNull = (k: unknown): NodeId | null => ((k as number) < 0 ? null : nodes[k as number]!);
  const msgs = new Map<number, { kind: MessageKind; from: NodeId; to: NodeId }>();
  const events: TraceEvent[] = [];
  let micro = 0;
  encoded.e.forEach((row, i) => {
    micro += row[1] as number;
    const t = micro / US;
    const code = row[0] as number;
    let e: Record<string, unknown>;
    switch (code) {
      case C.send: {
        const [, , mid, kindIdx, from, to, term, sentDelta, ...extra] = row as number[];
        const kind = KINDS[kindIdx!]!;
        const keys = BODY_KEYS[kind];
        const body: Record<string, unknown> = { term };
        keys.slice(1).forEach((k, j) => {
          const v = extra[j] as unknown;
          if (k === 'candidateId' || k === 'leaderId') body[k] = typeof v === 'number' ? id(v) : (v as { s: unknown }).s;
          else if (k === 'voteGranted' || k === 'success') body[k] = v === 1;
          else body[k] = v;
        });
        const msg = { id: mid!, kind, from: id(from), to: id(to), term: term!, sentAt: t + sentDelta! / US, body };
        msgs.set(msg.id, msg);
        e = { type: 'send', msg };
        break;
      }
      case C.deliver: {
        const m = msgs.get(row[2] as number)!;
        e = { type: 'deliver', msg: row[2], kind: m.kind, from: m.from, to: m.to };
        break;
      }
      case C.drop: {
        const m = msgs.get(row[2] as number)!;
        e = { type: 'drop', msg: row[2], kind: m.kind, from: m.from, to: m.to, reason: REASONS[row[3] as number] };
        break;
      }
      case C.duplicate: {
        const m = msgs.get(row[2] as number)!;
        e = { type: 'duplicate', msg: row[2], from: m.from, to: m.to };
        break;
      }
      case C.buffer:
        e = { type: 'buffer', msg: row[2], to: msgs.get(row[2] as number)!.to };
        break;
      case C.timerSet:
        e = { type: 'timer-set', node: id(row[2]), timer: row[3], delay: row[4], repeat: row[5] === 1 };
        break;
      case C.timerClear:
      case C.timerFire:
        e = { type: code === C.timerClear ? 'timer-clear' : 'timer-fire', node: id(row[2]), timer: row[3] };
        break;
      case C.state:
        e = { type: 'state', node: id(row[2]), from: ROLES[row[3] as number], to: ROLES[row[4] as number], term: row[5] };
        break;
      case C.term:
        e = { type: 'term', node: id(row[2]), from: row[3], to: row[4] };
        break;
      case C.vote:
        e = { type: 'vote', node: id(row[2]), term: row[3], for: id(row[4]) };
        break;
      case C.persist:
        e = { type: 'persist', node: id(row[2]), state: { currentTerm: row[3], votedFor: idOrNull(row[4]) } };
        break;
      case C.crash:
      case C.crash + 1:
      case C.crash + 2:
      case C.crash + 3:
        e = { type: SIMPLE[code - C.crash], node: id(row[2]) };
        break;
      case C.boot:
        e = { type: 'boot', node: id(row[2]), state: ROLES[row[3] as number], term: row[4], votedFor: idOrNull(row[5]) };
        break;
      case C.partition:
        e = { type: 'partition', groups: (row[2] as number[][]).map((g) => g.map(id)) };
        break;
      case C.cut:
        e = { type: 'cut', from: id(row[2]), to: id(row[3]) };
        break;
      case C.heal:
        e = { type: 'heal' };
        break;
      case C.log:
        e = { type: 'log', node: id(row[2]), text: row[3] };
        break;
      case C.violation:
        e = { type: 'violation', rule: row[2], message: row[3], nodes: (row[4] as number[]).map(id) };
        break;
      case C.generic: {
        e = { ...(row[2] as Record<string, unknown>) };
        if (e.type === 'send') {
          const msg = e.msg as { id: number; kind: MessageKind; from: NodeId; to: NodeId };
          msgs.set(msg.id, msg);
        }
        break;
      }
      default:
        throw new Error(`unknown event code ${code}`);
    }
    events.push({ i, t, ...e } as TraceEvent);
  });
  return { events, nodes };
}
