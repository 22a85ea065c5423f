// Exercise 04: leading. Implement onHeartbeat, onHeartbeatReply and the leader's heartbeats (TODO).
// The rest is the reference of exercises 02 and 03; keep your own if you prefer.
import type { HeartbeatArgs, HeartbeatReply, NodeEnv, NodeId, RequestVoteArgs, RequestVoteReply, Role } from 'raft';

const ELECTION_TIMEOUT_MIN = 150;
const ELECTION_TIMEOUT_MAX = 300;
const HEARTBEAT_INTERVAL = 50;

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

  startElection(): void {
    this.state = 'CANDIDATE';
    this.currentTerm += 1;
    this.votedFor = this.env.id;
    this.persist(); // before any RequestVote leaves: a restart must remember this vote
    this.votes = new Set([this.env.id]);
    this.resetElectionTimer(); // if this election splits, the next one starts by itself
    if (this.votes.size >= this.majority()) {
      this.becomeLeader(); // a one-node cluster elects itself
      return;
    }
    const args: RequestVoteArgs = {
      term: this.currentTerm,
      candidateId: this.env.id,
      lastLogIndex: this.env.lastLogIndex,
      lastLogTerm: this.env.lastLogTerm,
    };
    for (const peer of this.env.peers) this.env.sendRequestVote(peer, args);
  }

  onVoteReceived(from: NodeId, reply: RequestVoteReply): void {
    if (reply.term > this.currentTerm) {
      this.stepDown(reply.term);
      return;
    }
    // Late, stale or duplicated replies must not count: only distinct voters of this election.
    if (this.state !== 'CANDIDATE' || reply.term !== this.currentTerm || !reply.voteGranted) return;
    this.votes.add(from);
    if (this.votes.size >= this.majority()) this.becomeLeader();
  }

  /**
   * TODO (heartbeats): on taking office, send every peer a heartbeat { term, leaderId } at once
   * (env.sendHeartbeat), then every HEARTBEAT_INTERVAL ms while you lead. Stop when you step down.
   */
  becomeLeader(): void {
    if (this.state === 'LEADER') return;
    this.state = 'LEADER';
    clearTimeout(this.electionTimer); // a leader does not campaign against itself
    this.electionTimer = undefined;
  }

  /**
   * TODO: a heartbeat from a leader. Refuse an older term (reply with yours, timer untouched).
   * Otherwise: adopt a newer term, become (or stay) FOLLOWER (a candidate of the same term yields),
   * reset the election timer, and reply success with your currentTerm.
   */
  onHeartbeat(from: NodeId, args: HeartbeatArgs): HeartbeatReply {
    return { term: this.currentTerm, success: false };
  }

  /** TODO: a reply to your heartbeat; a higher term means you were deposed: step down. */
  onHeartbeatReply(from: NodeId, reply: HeartbeatReply): void {}

  /** A higher term was seen: adopt it, forget the vote, follow. */
  private stepDown(term: number): void {
    const wasLeader = this.state === 'LEADER';
    this.currentTerm = term;
    this.votedFor = null;
    this.state = 'FOLLOWER';
    this.persist();
    if (wasLeader) this.resetElectionTimer(); // a leader had no election timer running
  }

  private majority(): number {
    return Math.floor(this.env.clusterSize / 2) + 1;
  }

  private persist(): void {
    this.env.persist({ currentTerm: this.currentTerm, votedFor: this.votedFor });
  }
}
