// Legal variant: no methods on a prototype. The constructor closes over local variables and
// installs each handler as an arrow function; only the three graded fields live on the object.
import type { HeartbeatArgs, HeartbeatReply, NodeEnv, NodeId, RequestVoteArgs, RequestVoteReply, Role } from 'raft';

export class Node {
  state: Role = 'FOLLOWER';
  currentTerm = 0;
  votedFor: NodeId | null = null;
  resetElectionTimer: () => void;
  startElection: () => void;
  onRequestVote: (from: NodeId, args: RequestVoteArgs) => RequestVoteReply;
  onVoteReceived: (from: NodeId, reply: RequestVoteReply) => void;
  becomeLeader: () => void;
  onHeartbeat: (from: NodeId, args: HeartbeatArgs) => HeartbeatReply;
  onHeartbeatReply: (from: NodeId, reply: HeartbeatReply) => void;

  constructor(env: NodeEnv) {
    let election: number | undefined;
    let heartbeats: number | undefined;
    let yes = new Set<NodeId>();
    const save = () => env.persist({ currentTerm: this.currentTerm, votedFor: this.votedFor });
    const quorum = Math.floor(env.clusterSize / 2) + 1;
    const stepDown = (term: number) => {
      const wasLeader = this.state === 'LEADER';
      this.currentTerm = term;
      this.votedFor = null;
      this.state = 'FOLLOWER';
      save();
      env.clearInterval(heartbeats);
      if (wasLeader) this.resetElectionTimer();
    };
    const send = () => env.peers.forEach((p) => env.sendHeartbeat(p, { term: this.currentTerm, leaderId: env.id }));

    this.resetElectionTimer = () => {
      env.clearTimeout(election);
      election = env.setTimeout(() => this.startElection(), 150 + env.random() * 150);
    };
    this.startElection = () => {
      this.state = 'CANDIDATE';
      this.currentTerm++;
      this.votedFor = env.id;
      save();
      yes = new Set([env.id]);
      this.resetElectionTimer();
      if (yes.size >= quorum) return this.becomeLeader();
      env.peers.forEach((p) => env.sendRequestVote(p, { term: this.currentTerm, candidateId: env.id, lastLogIndex: env.lastLogIndex, lastLogTerm: env.lastLogTerm }));
    };
    this.onRequestVote = (_from, a) => {
      if (a.term > this.currentTerm) stepDown(a.term);
      const fresh = a.lastLogTerm > env.lastLogTerm || (a.lastLogTerm === env.lastLogTerm && a.lastLogIndex >= env.lastLogIndex);
      const voteGranted = a.term === this.currentTerm && [null, a.candidateId].includes(this.votedFor) && fresh;
      if (voteGranted) {
        this.votedFor = a.candidateId;
        save();
        this.resetElectionTimer();
      }
      return { term: this.currentTerm, voteGranted };
    };
    this.onVoteReceived = (from, r) => {
      if (r.term > this.currentTerm) return stepDown(r.term);
      if (this.state === 'CANDIDATE' && r.term === this.currentTerm && r.voteGranted && yes.add(from).size >= quorum) this.becomeLeader();
    };
    this.becomeLeader = () => {
      if (this.state === 'LEADER') return;
      this.state = 'LEADER';
      env.clearTimeout(election);
      send();
      heartbeats = env.setInterval(send, 50);
    };
    this.onHeartbeat = (_from, a) => {
      if (a.term < this.currentTerm) return { term: this.currentTerm, success: false };
      if (a.term > this.currentTerm) stepDown(a.term);
      this.state = 'FOLLOWER';
      this.resetElectionTimer();
      return { term: this.currentTerm, success: true };
    };
    this.onHeartbeatReply = (_from, r) => {
      if (r.term > this.currentTerm) stepDown(r.term);
    };

    if (env.persisted) {
      this.currentTerm = env.persisted.currentTerm;
      this.votedFor = env.persisted.votedFor;
    }
    this.resetElectionTimer();
  }
}
