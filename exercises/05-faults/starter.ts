// Exercise 05: elections under faults.
// This is the course seed's Node, ported to the contract almost line for line. It elects a
// leader on a perfect network, and breaks on a real one. Make it pass every fault scenario.
// (Or paste in your node from exercise 04: it may already pass.)
import type { HeartbeatArgs, HeartbeatReply, NodeEnv, NodeId, RequestVoteArgs, RequestVoteReply, Role } from 'raft';

export class Node {
  id: NodeId;
  state: Role = 'FOLLOWER';
  currentTerm: number = 0;
  votedFor: NodeId | null = null;
  votesReceived: number = 0;

  clusterSize: number;
  timeoutId: any;

  constructor(private readonly env: NodeEnv) {
    this.id = env.id;
    this.clusterSize = env.clusterSize;
    this.resetElectionTimer();
  }

  // 1. The clock
  resetElectionTimer() {
    clearTimeout(this.timeoutId);
    // Random timeout (150-300ms) prevents split votes
    const timeout = Math.floor(Math.random() * 150) + 150;
    this.timeoutId = setTimeout(() => {
      this.startElection();
    }, timeout);
  }

  // 2. Start a campaign
  startElection() {
    this.state = 'CANDIDATE';
    this.currentTerm++;
    this.votedFor = this.id;
    this.votesReceived = 1; // vote for self
    console.log(`[${this.id}] Starting election for term ${this.currentTerm}`);
    for (const peer of this.env.peers) {
      this.env.sendRequestVote(peer, { term: this.currentTerm, candidateId: this.id, lastLogIndex: 0, lastLogTerm: 0 });
    }
    this.resetElectionTimer();
  }

  // 3. Another candidate asks for our vote
  onRequestVote(from: NodeId, args: RequestVoteArgs): RequestVoteReply {
    if (args.term > this.currentTerm) {
      this.currentTerm = args.term;
      this.state = 'FOLLOWER';
      this.votedFor = null;
    }
    if (args.term === this.currentTerm && (this.votedFor === null || this.votedFor === args.candidateId)) {
      this.votedFor = args.candidateId;
      this.resetElectionTimer(); // so I don't start an election
      return { term: this.currentTerm, voteGranted: true };
    }
    return { term: this.currentTerm, voteGranted: false };
  }

  // 4. A vote came back
  onVoteReceived(from: NodeId, reply: RequestVoteReply) {
    if (this.state !== 'CANDIDATE') return;
    if (!reply.voteGranted) return;
    this.votesReceived++;
    const majority = Math.floor(this.clusterSize / 2) + 1;
    if (this.votesReceived >= majority) {
      this.becomeLeader();
    }
  }

  // 5. Victory
  becomeLeader() {
    this.state = 'LEADER';
    console.log(`[${this.id}] became leader for term ${this.currentTerm}`);
    setInterval(() => {
      if (this.state === 'LEADER') {
        for (const peer of this.env.peers) this.env.sendHeartbeat(peer, { term: this.currentTerm, leaderId: this.id });
      }
    }, 50);
  }

  // 6. The leader's heartbeat
  onHeartbeat(from: NodeId, args: HeartbeatArgs): HeartbeatReply {
    if (args.term >= this.currentTerm) {
      this.currentTerm = args.term;
      this.state = 'FOLLOWER';
      this.resetElectionTimer(); // the leader is alive
      return { term: this.currentTerm, success: true };
    }
    return { term: this.currentTerm, success: false };
  }

  onHeartbeatReply(from: NodeId, reply: HeartbeatReply) {}
}
