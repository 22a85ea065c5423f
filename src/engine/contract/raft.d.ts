/**
 * The learner's contract: what your `Node` class receives and must provide.
 *
 * Every message travels over a simulated network: it can be delayed, lost, duplicated or
 * reordered, and each reply carries the responder's current term. Your code runs inside a
 * deterministic simulator: `setTimeout`, `setInterval`, `clearTimeout`, `clearInterval`,
 * `Math.random`, `Date.now` and `console.log` are virtualized per node, so you may call them
 * as globals (as the seed code does) or through `env`; the result is the same.
 */

export type NodeId = string;
export type Role = 'FOLLOWER' | 'CANDIDATE' | 'LEADER';
export type TimerId = number;

/** RequestVote RPC arguments (Raft paper, figure 2). */
export interface RequestVoteArgs {
  /** The candidate's term. */
  term: number;
  candidateId: NodeId;
  /** Index of the candidate's last log entry (0 when its log is empty). */
  lastLogIndex: number;
  /** Term of the candidate's last log entry (0 when its log is empty). */
  lastLogTerm: number;
}

export interface RequestVoteReply {
  /** The voter's currentTerm, after handling the request, so the candidate can update itself. */
  term: number;
  voteGranted: boolean;
}

/**
 * A heartbeat: an AppendEntries RPC that carries no entries (paper §5.2), cut down for the election
 * exercises. Where it departs from figure 2, on purpose: logs are fixed here, so there is no
 * prevLogIndex, prevLogTerm, entries or leaderCommit, and no consistency check. The log-replication
 * part of the course restores the full AppendEntries of figure 2.
 */
export interface HeartbeatArgs {
  /** The leader's term. */
  term: number;
  leaderId: NodeId;
}

export interface HeartbeatReply {
  /** The follower's currentTerm, after handling the heartbeat, so a stale leader can step down. */
  term: number;
  /**
   * True when the follower accepted the sender as leader of `term` (args.term >= currentTerm).
   * Figure 2's `success` also requires the log to match at prevLogIndex/prevLogTerm; with no log
   * to check, only the term decides here.
   */
  success: boolean;
}

/** What must survive a crash: written to stable storage by `env.persist`. */
export interface PersistentState {
  currentTerm: number;
  votedFor: NodeId | null;
}

/** The world as one node sees it. One `env` per node, handed to your constructor. */
export interface NodeEnv {
  readonly id: NodeId;
  /** The other members of the cluster (not including this node). */
  readonly peers: readonly NodeId[];
  /** Number of voting members, this node included. */
  readonly clusterSize: number;
  /** What the last `persist` call saved before a crash, or null on a first boot. */
  readonly persisted: PersistentState | null;
  /** This node's log is fixed for the election exercises: the last entry's index and term. */
  readonly lastLogIndex: number;
  readonly lastLogTerm: number;
  /** Stable storage: synchronous, like a write followed by fsync. Survives crashes. */
  persist(state: PersistentState): void;
  /** Send a RequestVote; the reply, if it arrives, is handed to `onVoteReceived`. */
  sendRequestVote(to: NodeId, args: RequestVoteArgs): void;
  /** Send a heartbeat; the reply, if it arrives, is handed to `onHeartbeatReply`. */
  sendHeartbeat(to: NodeId, args: HeartbeatArgs): void;
  /** Virtual timers, the same as the global ones. */
  setTimeout(callback: () => void, ms: number): TimerId;
  clearTimeout(id: TimerId | undefined | null): void;
  setInterval(callback: () => void, ms: number): TimerId;
  clearInterval(id: TimerId | undefined | null): void;
  /** This node's virtual clock in milliseconds (the same as `Date.now()`). */
  now(): number;
  /** This node's seeded random number in [0, 1) (the same as `Math.random()`). */
  random(): number;
  /** Captured per test and shown with the results (the same as `console.log`). */
  log(...args: unknown[]): void;
}

/**
 * Timing the grader expects (Raft paper §5.6, timing and availability; §9.3 measures elections with
 * timeouts of 150-300 ms). The grader observes behaviour, not how you arm timers: one-shot timers,
 * a deadline re-armed lazily or a ticking clock all pass if elections start at the right times.
 */
export interface Timing {
  /**
   * Election timeouts are drawn uniformly at random from [min, max) ms on every reset: an election
   * starts no sooner than min ms after the last reset, and no later than max ms (plus up to 10 ms
   * for a node that checks its deadline on a ticking clock).
   */
  readonly ELECTION_TIMEOUT_MIN: 150;
  readonly ELECTION_TIMEOUT_MAX: 300;
  /**
   * A leader sends a heartbeat to every peer at once, then about every HEARTBEAT_INTERVAL ms: each
   * peer must get one at least every 100 ms and at most 30 a second.
   */
  readonly HEARTBEAT_INTERVAL: 50;
}

/**
 * The shape your exported `Node` class must have. The grader calls the handlers; they must
 * be synchronous (no async/await, no Promises): the reply is the return value.
 */
export interface RaftNode {
  state: Role;
  currentTerm: number;
  votedFor: NodeId | null;
  /**
   * Draws a fresh randomized election timeout and (re)arms the election timer. Reset it at boot,
   * on granting a vote, on starting an election and on accepting a heartbeat (figure 2).
   */
  resetElectionTimer(): void;
  /** The election timer fired: become candidate of a new term and ask every peer for a vote. */
  startElection(): void;
  /** Handles a RequestVote from `from`; the returned reply is sent back over the network. */
  onRequestVote(from: NodeId, args: RequestVoteArgs): RequestVoteReply;
  /** A reply to one of this node's RequestVotes arrived (possibly late, duplicated or stale). */
  onVoteReceived(from: NodeId, reply: RequestVoteReply): void;
  /** Won the election: take office and start sending heartbeats. */
  becomeLeader(): void;
  /** Handles a heartbeat from `from`; the returned reply is sent back over the network. */
  onHeartbeat(from: NodeId, args: HeartbeatArgs): HeartbeatReply;
  /** A reply to one of this node's heartbeats arrived. */
  onHeartbeatReply(from: NodeId, reply: HeartbeatReply): void;
}

export interface RaftNodeConstructor {
  new (env: NodeEnv): RaftNode;
}
