// Legal variant: the reference with ECMAScript private fields and methods (#x) for everything the
// grader does not read.
import type { HeartbeatArgs, HeartbeatReply, NodeEnv, NodeId, RequestVoteArgs, RequestVoteReply, Role } from 'raft';

const ELECTION_TIMEOUT_MIN = 150;
const ELECTION_TIMEOUT_MAX = 300;
const HEARTBEAT_INTERVAL = 50;

export class Node {
  state: Role = 'FOLLOWER';
  currentTerm = 0;
  votedFor: NodeId | null = null;

  #votes = new Set<NodeId>();
  #electionTimer: ReturnType<typeof setTimeout> | undefined;
  #heartbeatTimer: ReturnType<typeof setTimeout> | undefined;

  readonly #env: NodeEnv;

  constructor(env: NodeEnv) {
    this.#env = env;
    // A restart resumes from stable storage, never from zero: otherwise it could vote twice in a term.
    if (env.persisted) {
      this.currentTerm = env.persisted.currentTerm;
      this.votedFor = env.persisted.votedFor;
    }
    this.resetElectionTimer();
  }

  resetElectionTimer(): void {
    clearTimeout(this.#electionTimer);
    // Drawn afresh on every reset, so two nodes rarely time out together (§5.2, split votes).
    const timeout = ELECTION_TIMEOUT_MIN + Math.random() * (ELECTION_TIMEOUT_MAX - ELECTION_TIMEOUT_MIN);
    this.#electionTimer = setTimeout(() => this.startElection(), timeout);
  }

  startElection(): void {
    this.state = 'CANDIDATE';
    this.currentTerm += 1;
    this.votedFor = this.#env.id;
    this.#persist(); // before any RequestVote leaves: a restart must remember this vote
    this.#votes = new Set([this.#env.id]);
    this.resetElectionTimer(); // if this election splits, the next one starts by itself
    if (this.#votes.size >= this.#majority()) {
      this.becomeLeader(); // a one-node cluster elects itself
      return;
    }
    const args: RequestVoteArgs = {
      term: this.currentTerm,
      candidateId: this.#env.id,
      lastLogIndex: this.#env.lastLogIndex,
      lastLogTerm: this.#env.lastLogTerm,
    };
    for (const peer of this.#env.peers) this.#env.sendRequestVote(peer, args);
  }

  onRequestVote(_from: NodeId, args: RequestVoteArgs): RequestVoteReply {
    if (args.term > this.currentTerm) this.#stepDown(args.term);
    const logOk =
      args.lastLogTerm > this.#env.lastLogTerm ||
      (args.lastLogTerm === this.#env.lastLogTerm && args.lastLogIndex >= this.#env.lastLogIndex);
    const grant =
      args.term === this.currentTerm &&
      (this.votedFor === null || this.votedFor === args.candidateId) &&
      logOk;
    if (grant) {
      this.votedFor = args.candidateId;
      this.#persist(); // persisted before the reply leaves
      this.resetElectionTimer(); // only a granted vote defers our own candidacy
    }
    return { term: this.currentTerm, voteGranted: grant };
  }

  onVoteReceived(from: NodeId, reply: RequestVoteReply): void {
    if (reply.term > this.currentTerm) {
      this.#stepDown(reply.term);
      return;
    }
    // Late, stale or duplicated replies must not count: only distinct voters of this election.
    if (this.state !== 'CANDIDATE' || reply.term !== this.currentTerm || !reply.voteGranted) return;
    this.#votes.add(from);
    if (this.#votes.size >= this.#majority()) this.becomeLeader();
  }

  becomeLeader(): void {
    if (this.state === 'LEADER') return;
    this.state = 'LEADER';
    clearTimeout(this.#electionTimer);
    this.#electionTimer = undefined;
    this.#sendHeartbeats(); // at once, so followers stop campaigning
    this.#heartbeatTimer = setInterval(() => this.#sendHeartbeats(), HEARTBEAT_INTERVAL);
  }

  onHeartbeat(_from: NodeId, args: HeartbeatArgs): HeartbeatReply {
    if (args.term < this.currentTerm) {
      return { term: this.currentTerm, success: false }; // a deposed leader learns its term is over
    }
    if (args.term > this.currentTerm) this.#stepDown(args.term);
    else if (this.state !== 'FOLLOWER') this.#becomeFollower(); // a candidate yields to this term's leader
    this.resetElectionTimer();
    return { term: this.currentTerm, success: true };
  }

  onHeartbeatReply(_from: NodeId, reply: HeartbeatReply): void {
    if (reply.term > this.currentTerm) this.#stepDown(reply.term);
  }

  #sendHeartbeats(): void {
    if (this.state !== 'LEADER') return;
    for (const peer of this.#env.peers) {
      this.#env.sendHeartbeat(peer, { term: this.currentTerm, leaderId: this.#env.id });
    }
  }

  /** A higher term was seen: adopt it, forget the vote, follow. */
  #stepDown(term: number): void {
    this.currentTerm = term;
    this.votedFor = null;
    this.#persist();
    this.#becomeFollower();
  }

  #becomeFollower(): void {
    const wasLeader = this.state === 'LEADER';
    this.state = 'FOLLOWER';
    clearInterval(this.#heartbeatTimer);
    this.#heartbeatTimer = undefined;
    if (wasLeader) this.resetElectionTimer(); // a leader had no election timer running
  }

  #majority(): number {
    return Math.floor(this.#env.clusterSize / 2) + 1;
  }

  #persist(): void {
    this.#env.persist({ currentTerm: this.currentTerm, votedFor: this.votedFor });
  }
}
