// Test peers in a failing run's picture (used by the ring in replay.ts and the space-time lanes in model.ts).
import type { Role } from '../../engine/contract/raft';
import type { TraceEvent } from '../../engine/sim/trace';

/** From this event on, the peer is drawn in this term and role. */
export interface PeerStep {
  index: number;
  term: number;
  state: Role;
}

/**
 * Test peers (the puppets a rule test drives by hand, e.g. p2 and p3 around the learner's n1) run no
 * code, so the trace has no boot, state or term event for them; only the messages they send carry
 * their term. A node with none of those events but with sends is such a peer: after each of its
 * sends it is drawn in the term the message carries, in the role the message implies (a vote
 * request: candidate; a heartbeat: leader; a reply: follower).
 */
export function peerStates(trace: readonly TraceEvent[], nodes: readonly string[]): Map<string, PeerStep[]> {
  const own = new Set<string>();
  for (const e of trace) if ((e.type === 'boot' || e.type === 'state' || e.type === 'term' || e.type === 'vote' || e.type === 'persist') && 'node' in e) own.add(e.node);
  const out = new Map<string, PeerStep[]>();
  for (const id of nodes) if (!own.has(id)) out.set(id, []);
  trace.forEach((e, index) => {
    if (e.type !== 'send') return;
    const steps = out.get(e.msg.from);
    if (!steps || typeof e.msg.term !== 'number') return;
    const state: Role = e.msg.kind === 'RequestVote' ? 'CANDIDATE' : e.msg.kind === 'Heartbeat' ? 'LEADER' : 'FOLLOWER';
    const last = steps[steps.length - 1];
    if (!last || last.term !== e.msg.term || last.state !== state) steps.push({ index, term: e.msg.term, state });
  });
  for (const [id, steps] of out) if (!steps.length) out.delete(id);
  return out;
}

