// Legal variant: a pure reducer. Every input becomes an event; `reduce` returns the next state and
// a list of effects, and one small shell performs them (send, persist, timers).
import type { HeartbeatArgs, HeartbeatReply, NodeEnv, NodeId, RequestVoteArgs, RequestVoteReply, Role } from 'raft';

interface S {
  readonly role: Role;
  readonly term: number;
  readonly vote: NodeId | null;
  readonly granted: readonly NodeId[];
}

type Ev =
  | { t: 'timeout' }
  | { t: 'vote-req'; args: RequestVoteArgs }
  | { t: 'vote-rep'; from: NodeId; term: number; granted: boolean }
  | { t: 'hb'; args: HeartbeatArgs }
  | { t: 'hb-rep'; term: number };

type Fx = { f: 'persist' } | { f: 'ask' } | { f: 'beat' } | { f: 'lead' } | { f: 'follow' } | { f: 'reset' } | { f: 'reply'; ok: boolean };

interface Ctx {
  id: NodeId;
  size: number;
  logTerm: number;
  logIndex: number;
}

function adopt(s: S, term: number, fx: Fx[]): S {
  if (term <= s.term) return s;
  fx.push({ f: 'persist' }, { f: 'follow' });
  if (s.role === 'LEADER') fx.push({ f: 'reset' });
  return { role: 'FOLLOWER', term, vote: null, granted: [] };
}

function reduce(s0: S, ev: Ev, c: Ctx): [S, Fx[]] {
  const fx: Fx[] = [];
  switch (ev.t) {
    case 'timeout': {
      const s: S = { role: 'CANDIDATE', term: s0.term + 1, vote: c.id, granted: [c.id] };
      fx.push({ f: 'persist' }, { f: 'reset' });
      if (2 * s.granted.length > c.size) return [{ ...s, role: 'LEADER' }, [...fx, { f: 'lead' }, { f: 'beat' }]];
      return [s, [...fx, { f: 'ask' }]];
    }
    case 'vote-req': {
      const a = ev.args;
      let s = adopt(s0, a.term, fx);
      const logOk = a.lastLogTerm > c.logTerm || (a.lastLogTerm === c.logTerm && a.lastLogIndex >= c.logIndex);
      const ok = a.term === s.term && (s.vote === null || s.vote === a.candidateId) && logOk;
      if (ok) {
        s = { ...s, vote: a.candidateId };
        fx.push({ f: 'persist' }, { f: 'reset' });
      }
      fx.push({ f: 'reply', ok });
      return [s, fx];
    }
    case 'vote-rep': {
      if (ev.term > s0.term) return [adopt(s0, ev.term, fx), fx];
      if (s0.role !== 'CANDIDATE' || ev.term !== s0.term || !ev.granted || s0.granted.includes(ev.from)) return [s0, fx];
      const s = { ...s0, granted: [...s0.granted, ev.from] };
      if (2 * s.granted.length > c.size) return [{ ...s, role: 'LEADER' }, [{ f: 'lead' }, { f: 'beat' }]];
      return [s, fx];
    }
    case 'hb': {
      if (ev.args.term < s0.term) return [s0, [{ f: 'reply', ok: false }]];
      let s = adopt(s0, ev.args.term, fx);
      if (s.role !== 'FOLLOWER') {
        s = { ...s, role: 'FOLLOWER' };
        fx.push({ f: 'follow' });
      }
      fx.push({ f: 'reset' }, { f: 'reply', ok: true });
      return [s, fx];
    }
    case 'hb-rep':
      return [adopt(s0, ev.term, fx), fx];
  }
}

export class Node {
  private s: S = { role: 'FOLLOWER', term: 0, vote: null, granted: [] };
  private timer: ReturnType<typeof setTimeout> | undefined;
  private beats: ReturnType<typeof setTimeout> | undefined;
  private readonly c: Ctx;

  get state(): Role {
    return this.s.role;
  }
  get currentTerm(): number {
    return this.s.term;
  }
  get votedFor(): NodeId | null {
    return this.s.vote;
  }

  constructor(private readonly env: NodeEnv) {
    this.c = { id: env.id, size: env.clusterSize, logTerm: env.lastLogTerm, logIndex: env.lastLogIndex };
    if (env.persisted) this.s = { ...this.s, term: env.persisted.currentTerm, vote: env.persisted.votedFor };
    this.resetElectionTimer();
  }

  private dispatch(ev: Ev): boolean {
    const [next, fx] = reduce(this.s, ev, this.c);
    this.s = next;
    let ok = false;
    for (const e of fx) {
      switch (e.f) {
        case 'persist':
          this.env.persist({ currentTerm: this.s.term, votedFor: this.s.vote });
          break;
        case 'ask':
          for (const p of this.env.peers) this.env.sendRequestVote(p, { term: this.s.term, candidateId: this.env.id, lastLogIndex: this.c.logIndex, lastLogTerm: this.c.logTerm });
          break;
        case 'lead':
          clearTimeout(this.timer);
          this.beats = setInterval(() => this.beat(), 50);
          break;
        case 'beat':
          this.beat();
          break;
        case 'follow':
          clearInterval(this.beats);
          break;
        case 'reset':
          this.resetElectionTimer();
          break;
        case 'reply':
          ok = e.ok;
          break;
      }
    }
    return ok;
  }

  private beat(): void {
    for (const p of this.env.peers) this.env.sendHeartbeat(p, { term: this.s.term, leaderId: this.env.id });
  }

  resetElectionTimer(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.startElection(), 150 + Math.random() * 150);
  }
  startElection(): void {
    this.dispatch({ t: 'timeout' });
  }
  onRequestVote(_from: NodeId, args: RequestVoteArgs): RequestVoteReply {
    const voteGranted = this.dispatch({ t: 'vote-req', args });
    return { term: this.s.term, voteGranted };
  }
  onVoteReceived(from: NodeId, reply: RequestVoteReply): void {
    this.dispatch({ t: 'vote-rep', from, term: reply.term, granted: reply.voteGranted });
  }
  becomeLeader(): void {
    // Taking office is a transition of the reducer (on the deciding vote); nothing to do here.
  }
  onHeartbeat(_from: NodeId, args: HeartbeatArgs): HeartbeatReply {
    const success = this.dispatch({ t: 'hb', args });
    return { term: this.s.term, success };
  }
  onHeartbeatReply(_from: NodeId, reply: HeartbeatReply): void {
    this.dispatch({ t: 'hb-rep', term: reply.term });
  }
}
