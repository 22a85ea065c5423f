// Reference for exercise 02: onRequestVote (Raft figure 2, RequestVote receiver rules).
import type { HeartbeatArgs, HeartbeatReply, NodeEnv, NodeId, RequestVoteArgs, RequestVoteReply, Role } from 'raft';

const ELECTION_TIMEOUT_MIN = 150;
const ELECTION_TIMEOUT_MAX = 300;

export class Node {
  state: Role = 'FOLLOWER';
  currentTerm = 0;
  votedFor: NodeId | null = null;

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

  // Given: exercise 03 completes this. For now the node only becomes candidate of a new term and
  // re-arms its timer (it asks nobody for votes yet), so the tests can see when its timer ran out.
  startElection(): void {
    this.state = 'CANDIDATE';
    this.currentTerm += 1;
    this.votedFor = this.env.id;
    this.persist();
    this.resetElectionTimer();
  }

  // Exercises 03 and 04 fill these in.
  onVoteReceived(from: NodeId, reply: RequestVoteReply): void {}
  becomeLeader(): void {}
  onHeartbeat(from: NodeId, args: HeartbeatArgs): HeartbeatReply {
    return { term: this.currentTerm, success: false };
  }
  onHeartbeatReply(from: NodeId, reply: HeartbeatReply): void {}

  /** A higher term was seen: adopt it, forget the vote, follow. */
  private stepDown(term: number): void {
    this.currentTerm = term;
    this.votedFor = null;
    this.state = 'FOLLOWER';
    this.persist();
  }

  private persist(): void {
    this.env.persist({ currentTerm: this.currentTerm, votedFor: this.votedFor });
  }
}
