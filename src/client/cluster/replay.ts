// "Watch this run": a failed hidden test's trace in the cluster view, opened at the first violating
// event, with the broken rule named and the nodes (and recent messages between them) highlighted.
// The workbench imports this module dynamically, so its page loads no viewer until asked.
import type { TestResult } from '../../engine/grader/types';
import type { TraceEvent } from '../../engine/sim/trace';
import { Timeline, type ViewState } from '../../engine/view/replay';
import { peerStates, type PeerStep } from './peers';
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

/** A Timeline whose test peers show the term and role their own messages carry (see peerStates). */
export class PeerAwareTimeline extends Timeline {
  private readonly peers: Map<string, PeerStep[]>;

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
