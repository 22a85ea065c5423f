// Legal variant: MIT 6.5840 lab style. A 10 ms ticker compares the clock with a deadline that
// every reset moves; a separate heartbeat loop of setTimeout calls runs while leading.
import type { HeartbeatArgs, HeartbeatReply, NodeEnv, NodeId, RequestVoteArgs, RequestVoteReply, Role } from 'raft';

export class Node {
  currentTerm = 0;
  votedFor: NodeId | null = null;
  state: Role = 'FOLLOWER';
  private deadline = 0;
  private votes: NodeId[] = [];
  private beat: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly env: NodeEnv) {
    const saved = env.persisted;
    if (saved) ({ currentTerm: this.currentTerm, votedFor: this.votedFor } = saved);
    this.resetElectionTimer();
    setInterval(() => {
      if (this.state !== 'LEADER' && Date.now() >= this.deadline) this.startElection();
    }, 10);
  }

  resetElectionTimer(): void {
    this.deadline = Date.now() + 150 + Math.random() * 150;
  }

  startElection(): void {
    this.currentTerm += 1;
    this.state = 'CANDIDATE';
    this.votedFor = this.env.id;
    this.env.persist({ currentTerm: this.currentTerm, votedFor: this.votedFor });
    this.resetElectionTimer();
    this.votes = [this.env.id];
    this.maybeWin();
    if (this.state !== 'CANDIDATE') return;
    for (const peer of this.env.peers) {
      this.env.sendRequestVote(peer, { lastLogTerm: this.env.lastLogTerm, lastLogIndex: this.env.lastLogIndex, candidateId: this.env.id, term: this.currentTerm });
    }
  }

  onRequestVote(_from: NodeId, args: RequestVoteArgs): RequestVoteReply {
    if (args.term > this.currentTerm) this.follow(args.term);
    let voteGranted = false;
    if (args.term === this.currentTerm && (this.votedFor === null || this.votedFor === args.candidateId)) {
      const mine = [this.env.lastLogTerm, this.env.lastLogIndex];
      const theirs = [args.lastLogTerm, args.lastLogIndex];
      voteGranted = theirs[0]! > mine[0]! || (theirs[0] === mine[0] && theirs[1]! >= mine[1]!);
    }
    if (voteGranted) {
      this.votedFor = args.candidateId;
      this.env.persist({ currentTerm: this.currentTerm, votedFor: this.votedFor });
      this.resetElectionTimer();
    }
    return { voteGranted, term: this.currentTerm };
  }

  onVoteReceived(from: NodeId, reply: RequestVoteReply): void {
    if (reply.term > this.currentTerm) return this.follow(reply.term);
    if (this.state === 'CANDIDATE' && reply.term === this.currentTerm && reply.voteGranted && !this.votes.includes(from)) {
      this.votes.push(from);
      this.maybeWin();
    }
  }

  private maybeWin(): void {
    if (this.votes.length > this.env.clusterSize / 2) this.becomeLeader();
  }

  becomeLeader(): void {
    this.state = 'LEADER';
    clearTimeout(this.beat);
    const loop = () => {
      if (this.state !== 'LEADER') return;
      for (const peer of this.env.peers) this.env.sendHeartbeat(peer, { leaderId: this.env.id, term: this.currentTerm });
      this.beat = setTimeout(loop, 50);
    };
    loop();
  }

  onHeartbeat(_from: NodeId, args: HeartbeatArgs): HeartbeatReply {
    if (args.term < this.currentTerm) return { success: false, term: this.currentTerm };
    if (args.term > this.currentTerm) this.follow(args.term);
    this.state = 'FOLLOWER';
    this.resetElectionTimer();
    return { success: true, term: this.currentTerm };
  }

  onHeartbeatReply(_from: NodeId, reply: HeartbeatReply): void {
    if (reply.term > this.currentTerm) this.follow(reply.term);
  }

  private follow(term: number): void {
    if (this.state === 'LEADER') this.resetElectionTimer();
    this.currentTerm = term;
    this.votedFor = null;
    this.state = 'FOLLOWER';
    clearTimeout(this.beat);
    this.beat = undefined;
    this.env.persist({ currentTerm: term, votedFor: null });
  }
}
