// The structured record of a run: every event the cluster pictures replay and the grader cites.
import type { NodeId, PersistentState, Role } from '../contract/raft';

export type MessageKind = 'RequestVote' | 'RequestVoteReply' | 'Heartbeat' | 'HeartbeatReply';

export interface Message {
  id: number;
  kind: MessageKind;
  from: NodeId;
  to: NodeId;
  /** The term the message carries (args.term or reply.term). */
  term: number;
  sentAt: number;
  /** A plain copy of the arguments or reply, exactly as sent. */
  body: Record<string, unknown>;
}

export type DropReason = 'loss' | 'partition' | 'link-cut' | 'crashed' | 'restarted';

export type TraceEvent = { i: number; t: number } & (
  | { type: 'send'; msg: Message }
  | { type: 'deliver'; msg: number; kind: MessageKind; from: NodeId; to: NodeId }
  | { type: 'drop'; msg: number; kind: MessageKind; from: NodeId; to: NodeId; reason: DropReason }
  | { type: 'duplicate'; msg: number; from: NodeId; to: NodeId }
  | { type: 'buffer'; msg: number; to: NodeId }
  | { type: 'timer-set'; node: NodeId; timer: number; delay: number; repeat: boolean }
  | { type: 'timer-clear'; node: NodeId; timer: number }
  | { type: 'timer-fire'; node: NodeId; timer: number }
  | { type: 'state'; node: NodeId; from: Role; to: Role; term: number }
  | { type: 'term'; node: NodeId; from: number; to: number }
  | { type: 'vote'; node: NodeId; term: number; for: NodeId }
  | { type: 'persist'; node: NodeId; state: PersistentState }
  | { type: 'crash' | 'restart' | 'pause' | 'resume'; node: NodeId }
  /** A node (re)started: what its fresh instance claims. */
  | { type: 'boot'; node: NodeId; state: Role; term: number; votedFor: NodeId | null }
  | { type: 'partition'; groups: NodeId[][] }
  | { type: 'cut'; from: NodeId; to: NodeId }
  | { type: 'heal' }
  | { type: 'log'; node: NodeId; text: string }
  | { type: 'violation'; rule: string; message: string; nodes: NodeId[] }
);

export type TraceEventType = TraceEvent['type'];

/** Rules the simulator checks after every event, and failures of the learner's code itself. */
export type RuleId =
  | 'election-safety'
  | 'term-monotonic'
  | 'one-vote-per-term'
  | 'leader-has-majority'
  | 'persist-before-reply'
  | 'persist-before-send'
  | 'reply-carries-term'
  | 'code-threw'
  | 'bad-reply'
  | 'bad-call'
  | 'bad-state'
  | 'too-many-events'
  | 'too-many-timers'
  | 'message-flood';

export interface Violation {
  rule: RuleId;
  message: string;
  /** Virtual time (ms) and index of the event at which it was detected. */
  time: number;
  eventIndex: number;
  nodes: NodeId[];
  /** The learner's stack when their code threw (hosts map it to source lines). */
  stack?: string;
}
