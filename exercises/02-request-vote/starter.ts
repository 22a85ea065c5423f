// Exercise 02: voting. Implement onRequestVote (marked TODO); the rest is given.
// Types come from the course's contract ("raft"); the grader calls your methods.
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

  /**
   * TODO: decide whether to grant `args.candidateId` your vote for `args.term`.
   * - a request from an older term is refused;
   * - a newer term is adopted first (and the old vote forgotten), whatever the decision;
   * - one vote per term (granting again to the same candidate is fine);
   * - only to a candidate whose log is at least as up-to-date as yours (env.lastLogTerm / env.lastLogIndex);
   * - a granted vote resets your election timer; a refusal does not;
   * - persist currentTerm and votedFor (this.persist()) before you return;
   * - the reply carries your currentTerm.
   */
  onRequestVote(from: NodeId, args: RequestVoteArgs): RequestVoteReply {
    return { term: this.currentTerm, voteGranted: false };
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

  private persist(): void {
    this.env.persist({ currentTerm: this.currentTerm, votedFor: this.votedFor });
  }
}
