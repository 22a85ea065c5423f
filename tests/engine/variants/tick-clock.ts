// Legal variant: an etcd-style logical clock. One setInterval drives everything in 10 ms ticks;
// the election timeout is a number of ticks drawn on every reset, the heartbeat a tick count.
import type { HeartbeatArgs, HeartbeatReply, NodeEnv, NodeId, RequestVoteArgs, RequestVoteReply, Role } from 'raft';

const TICK_MS = 10;
const HEARTBEAT_TICKS = 5;

export class Node {
  state: Role = 'FOLLOWER';
  currentTerm = 0;
  votedFor: NodeId | null = null;
  private electionElapsed = 0;
  private randomizedTimeout = 0;
  private heartbeatElapsed = 0;
  private granted = new Set<NodeId>();

  constructor(private readonly env: NodeEnv) {
    if (env.persisted) {
      this.currentTerm = env.persisted.currentTerm;
      this.votedFor = env.persisted.votedFor;
    }
    this.resetElectionTimer();
    env.setInterval(() => this.tick(), TICK_MS);
  }

  private tick(): void {
    if (this.state === 'LEADER') {
      if (++this.heartbeatElapsed >= HEARTBEAT_TICKS) {
        this.heartbeatElapsed = 0;
        this.broadcastHeartbeat();
      }
      return;
    }
    if (++this.electionElapsed >= this.randomizedTimeout) this.startElection();
  }

  resetElectionTimer(): void {
    this.electionElapsed = 0;
    // 16..30 ticks: the election starts between 150 and 300 ms after the reset, whatever the tick phase.
    this.randomizedTimeout = 16 + Math.floor(this.env.random() * 15);
  }

  startElection(): void {
    this.state = 'CANDIDATE';
    this.currentTerm++;
    this.votedFor = this.env.id;
    this.save();
    this.resetElectionTimer();
    this.granted = new Set([this.env.id]);
    if (this.granted.size * 2 > this.env.clusterSize) return this.becomeLeader();
    for (const p of this.env.peers) {
      this.env.sendRequestVote(p, { term: this.currentTerm, candidateId: this.env.id, lastLogIndex: this.env.lastLogIndex, lastLogTerm: this.env.lastLogTerm });
    }
  }

  onRequestVote(_from: NodeId, args: RequestVoteArgs): RequestVoteReply {
    this.observe(args.term);
    const upToDate = args.lastLogTerm !== this.env.lastLogTerm ? args.lastLogTerm > this.env.lastLogTerm : args.lastLogIndex >= this.env.lastLogIndex;
    const ok = args.term === this.currentTerm && (this.votedFor ?? args.candidateId) === args.candidateId && upToDate;
    if (ok) {
      this.votedFor = args.candidateId;
      this.save();
      this.resetElectionTimer();
    }
    return { term: this.currentTerm, voteGranted: ok };
  }

  onVoteReceived(from: NodeId, reply: RequestVoteReply): void {
    if (this.observe(reply.term)) return;
    if (this.state !== 'CANDIDATE' || reply.term !== this.currentTerm || !reply.voteGranted) return;
    this.granted.add(from);
    if (this.granted.size * 2 > this.env.clusterSize) this.becomeLeader();
  }

  becomeLeader(): void {
    if (this.state === 'LEADER') return;
    this.state = 'LEADER';
    this.heartbeatElapsed = 0;
    this.broadcastHeartbeat();
  }

  onHeartbeat(_from: NodeId, args: HeartbeatArgs): HeartbeatReply {
    if (args.term < this.currentTerm) return { term: this.currentTerm, success: false };
    this.observe(args.term);
    this.state = 'FOLLOWER';
    this.resetElectionTimer();
    return { term: this.currentTerm, success: true };
  }

  onHeartbeatReply(_from: NodeId, reply: HeartbeatReply): void {
    this.observe(reply.term);
  }

  /** etcd's rule at the top of every step: a higher term makes anyone a follower of it. */
  private observe(term: number): boolean {
    if (term <= this.currentTerm) return false;
    const wasLeader = this.state === 'LEADER';
    this.currentTerm = term;
    this.votedFor = null;
    this.state = 'FOLLOWER';
    this.save();
    if (wasLeader) this.resetElectionTimer();
    return true;
  }

  private broadcastHeartbeat(): void {
    for (const p of this.env.peers) this.env.sendHeartbeat(p, { term: this.currentTerm, leaderId: this.env.id });
  }

  private save(): void {
    this.env.persist({ currentTerm: this.currentTerm, votedFor: this.votedFor });
  }
}
