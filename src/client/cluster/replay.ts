// "Watch this run": a failed hidden test's trace in the cluster view, opened at the first violating
// event, with the broken rule named and the nodes (and recent messages between them) highlighted.
// The workbench imports this module dynamically, so its page loads no viewer until asked.
import type { TestResult } from '../../engine/grader/types';
import type { TraceEvent } from '../../engine/sim/trace';
import { Timeline, type ViewState } from '../../engine/view/replay';
import type { Role } from '../../engine/contract/raft';
import { mountClusterView, type ClusterView } from './view';

const VOTE_RULES = new Set(['election-safety', 'one-vote-per-term', 'leader-has-majority', 'persist-before-reply']);

/**
 * Messages worth highlighting next to a violation: the most recent ones (sent or ended within the
 * last `window` events) between the nodes the violation names (or to and from its one node), votes
 * only when the rule is about votes. A heuristic for the eye; the rule and nodes are exact.
 */
export function involvedMessages(trace: readonly TraceEvent[], eventIndex: number, nodes: readonly string[], rule?: string, window = 400, max = 8): number[] {
  const set = new Set(nodes);
  if (!set.size) return [];
  const votesOnly = rule ? VOTE_RULES.has(rule) : false;
  const out: number[] = [];
  const seen = new Set<number>();
  const kinds = new Map<number, { kind: string; from: string; to: string }>();
  for (let i = 0; i <= Math.min(eventIndex, trace.length - 1); i++) {
    const e = trace[i]!;
    if (e.type === 'send') kinds.set(e.msg.id, e.msg);
  }
  for (let i = Math.min(eventIndex, trace.length - 1); i >= 0 && i >= eventIndex - window && out.length < max; i--) {
    const e = trace[i]!;
    const id = e.type === 'send' ? e.msg.id : e.type === 'deliver' || e.type === 'drop' ? e.msg : null;
    if (id === null || seen.has(id)) continue;
    const m = kinds.get(id);
    if (!m) continue;
    if (votesOnly && m.kind !== 'RequestVote' && m.kind !== 'RequestVoteReply') continue;
    const both = set.has(m.from) && set.has(m.to);
    const either = set.has(m.from) || set.has(m.to);
    if (set.size > 1 ? both : either) {
      seen.add(id);
      out.push(id);
    }
  }
  return out.reverse();
}

/**
 * Test peers (the puppets a rule test drives by hand, e.g. p2 and p3 around the learner's n1) run no
 * code, so the trace has no boot, state or term event for them; only the messages they send carry
 * their term. A node with none of those events but with sends is such a peer: after each of its
 * sends it is drawn in the term the message carries, in the role the message implies (a vote
 * request: candidate; a heartbeat: leader; a reply: follower).
 */
export function peerStates(trace: readonly TraceEvent[], nodes: readonly string[]): Map<string, { index: number; term: number; state: Role }[]> {
  const own = new Set<string>();
  for (const e of trace) if ((e.type === 'boot' || e.type === 'state' || e.type === 'term' || e.type === 'vote' || e.type === 'persist') && 'node' in e) own.add(e.node);
  const out = new Map<string, { index: number; term: number; state: Role }[]>();
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

/** A Timeline whose test peers show the term and role their own messages carry (see peerStates). */
export class PeerAwareTimeline extends Timeline {
  private readonly peers: Map<string, { index: number; term: number; state: Role }[]>;

  constructor(events: readonly TraceEvent[], nodeIds: readonly string[]) {
    super(events, nodeIds);
    this.peers = peerStates(events, nodeIds);
  }

  override at(index: number): ViewState {
    const view = super.at(index);
    for (const [id, steps] of this.peers) {
      const node = view.nodes[id];
      if (!node) continue;
      let step: (typeof steps)[number] | undefined;
      for (const s of steps) {
        if (s.index > view.index) break;
        step = s;
      }
      if (step) {
        node.term = step.term;
        node.state = step.state;
      }
    }
    return view;
  }
}

export interface ReplayTarget {
  view: ClusterView;
  /** The event the replay opened at. */
  index: number;
}

export interface ReplayOptions {
  /** Called with the event shown whenever the learner moves in time (not while playing). */
  onSeek?: (eventIndex: number) => void;
}

/** Opens `result`'s failing run in `container`, at its first violation. */
export function openReplay(result: TestResult, container: HTMLElement, options: ReplayOptions = {}): ReplayTarget {
  if (!result.trace?.length || !result.nodes?.length) {
    container.textContent = 'This result carries no trace to replay.';
    throw new Error(`result ${result.id} has no trace`);
  }
  const trace = result.trace;
  const violation = trace.find((e): e is Extract<TraceEvent, { type: 'violation' }> => e.type === 'violation');
  const index = Math.min(result.eventIndex ?? violation?.i ?? trace.length - 1, trace.length - 1);
  const nodes = violation?.nodes ?? [];
  // A check of the test itself (no simulator rule) breaks the rule the test is named after.
  const rule = result.rule ?? violation?.rule ?? `${result.name} (${result.section})`;
  const message = result.message ?? violation?.message ?? '';
  let lastSeek = index;
  let view: ClusterView | undefined;
  view = mountClusterView(container, {
    timeline: new PeerAwareTimeline(trace, result.nodes),
    startIndex: index,
    highlight: { nodes, messageIds: involvedMessages(trace, index, nodes, rule), rule, message },
    keyEventsOnly: false,
    label: `Replay of test ${result.id}: ${result.name}`,
    speed: 0.05,
    onMoment: (_t, i) => {
      if (!options.onSeek || i === lastSeek || view?.playing) return;
      lastSeek = i;
      options.onSeek(i);
    },
  });
  view.root.dataset.replayIndex = String(index);
  return { view, index };
}
