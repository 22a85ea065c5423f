// Exercise 03: campaigning. Implement startElection, onVoteReceived and becomeLeader (TODO).
// onRequestVote is exercise 02's reference; keep yours if you prefer.
import type { HeartbeatArgs, HeartbeatReply, NodeEnv, NodeId, RequestVoteArgs, RequestVoteReply, Role } from 'raft';

const ELECTION_TIMEOUT_MIN = 150;
const ELECTION_TIMEOUT_MAX = 300;

export class Node {
  state: Role = 'FOLLOWER';
  currentTerm = 0;
  votedFor: NodeId | null = null;

  private votes = new Set<NodeId>();
  private electionTimer: number | undefined;

  constructor(private readonly env: NodeEnv) {
    if (env.persisted) {
      this.currentTerm = env.persisted.currentTerm;
      this.votedFor = env.persisted.votedFor;
    }
    this.resetElectionTimer();
  }

  resetElectionTimer(): void {
    clearTimeout(this.electionTimer);
    const timeout = ELECTION_TIMEOUT_MIN + Math.random() * (ELECTION_TIMEOUT_MAX - ELECTION_TIMEOUT_MIN);
    this.electionTimer = setTimeout(() => this.startElection(), timeout);
  }

  onRequestVote(_from: NodeId, args: RequestVoteArgs): RequestVoteReply {
    if (args.term > this.currentTerm) this.stepDown(args.term);
    const logOk =
      args.lastLogTerm > this.env.lastLogTerm ||
      (args.lastLogTerm === this.env.lastLogTerm && args.lastLogIndex >= this.env.lastLogIndex);
    const grant =
      args.term === this.currentTerm &&
      (this.votedFor === null || this.votedFor === args.candidateId) &&
      logOk;
    if (grant) {
      this.votedFor = args.candidateId;
      this.persist(); // persisted before the reply leaves
      this.resetElectionTimer(); // only a granted vote defers our own candidacy
    }
    return { term: this.currentTerm, voteGranted: grant };
  }

  /**
   * TODO: the election timer fired. Become CANDIDATE of a new term (currentTerm + 1), vote for
   * yourself, persist, re-arm the election timer (a split vote must not stall you), and send every
   * peer a RequestVote { term, candidateId, lastLogIndex, lastLogTerm } (env.sendRequestVote).
   * A one-node cluster wins at once.
   */
  startElection(): void {}

  /**
   * TODO: a reply to one of your RequestVotes. It may be late (an older term), duplicated, or
   * carry a higher term (step down). Count distinct voters of the current election only; with a
   * majority of the whole cluster (your own vote included), becomeLeader() once.
   */
  onVoteReceived(from: NodeId, reply: RequestVoteReply): void {}

  /** TODO: take office: state LEADER, and no more election timer while you lead. */
  becomeLeader(): void {}

  // Exercise 04 fills these in.
  onHeartbeat(from: NodeId, args: HeartbeatArgs): HeartbeatReply {
    return { term: this.currentTerm, success: false };
  }
  onHeartbeatReply(from: NodeId, reply: HeartbeatReply): void {}

  /** A higher term was seen: adopt it, forget the vote, follow. */
  private stepDown(term: number): void {
    this.currentTerm = term;
    this.votedFor = null;
    // TODO: once a node can lead, stepping down from LEADER must also re-arm the election timer.
    this.state = 'FOLLOWER';
    this.persist();
  }

  private persist(): void {
    this.env.persist({ currentTerm: this.currentTerm, votedFor: this.votedFor });
  }
}
