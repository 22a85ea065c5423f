// Legal variant: pre-class JavaScript. `Node` is a constructor function with methods on its
// prototype, state in plain properties, and a counter object for the votes.
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { NodeEnv } from 'raft';

export function Node(this: any, env: NodeEnv) {
  this.env = env;
  this.state = 'FOLLOWER';
  this.currentTerm = env.persisted ? env.persisted.currentTerm : 0;
  this.votedFor = env.persisted ? env.persisted.votedFor : null;
  this.tally = {};
  this.resetElectionTimer();
}

Node.prototype.save = function (this: any) {
  this.env.persist({ currentTerm: this.currentTerm, votedFor: this.votedFor });
};
Node.prototype.resetElectionTimer = function (this: any) {
  clearTimeout(this.t);
  const self = this;
  this.t = setTimeout(function () {
    self.startElection();
  }, 150 + Math.random() * 150);
};
Node.prototype.startElection = function (this: any) {
  this.state = 'CANDIDATE';
  this.currentTerm = this.currentTerm + 1;
  this.votedFor = this.env.id;
  this.save();
  this.tally = {};
  this.tally[this.env.id] = true;
  this.resetElectionTimer();
  this.count();
  if (this.state !== 'CANDIDATE') return;
  for (let i = 0; i < this.env.peers.length; i++) {
    this.env.sendRequestVote(this.env.peers[i], { term: this.currentTerm, candidateId: this.env.id, lastLogIndex: this.env.lastLogIndex, lastLogTerm: this.env.lastLogTerm });
  }
};
Node.prototype.count = function (this: any) {
  if (Object.keys(this.tally).length > this.env.clusterSize / 2) this.becomeLeader();
};
Node.prototype.higher = function (this: any, term: number) {
  if (term <= this.currentTerm) return false;
  if (this.state === 'LEADER') {
    clearInterval(this.hb);
    this.resetElectionTimer();
  }
  this.state = 'FOLLOWER';
  this.currentTerm = term;
  this.votedFor = null;
  this.save();
  return true;
};
Node.prototype.onRequestVote = function (this: any, _from: string, args: any) {
  this.higher(args.term);
  var grant = false;
  if (args.term === this.currentTerm && (this.votedFor === null || this.votedFor === args.candidateId)) {
    if (args.lastLogTerm > this.env.lastLogTerm) grant = true;
    else if (args.lastLogTerm === this.env.lastLogTerm && args.lastLogIndex >= this.env.lastLogIndex) grant = true;
  }
  if (grant) {
    this.votedFor = args.candidateId;
    this.save();
    this.resetElectionTimer();
  }
  return { term: this.currentTerm, voteGranted: grant };
};
Node.prototype.onVoteReceived = function (this: any, from: string, reply: any) {
  if (this.higher(reply.term)) return;
  if (this.state === 'CANDIDATE' && reply.term === this.currentTerm && reply.voteGranted) {
    this.tally[from] = true;
    this.count();
  }
};
Node.prototype.becomeLeader = function (this: any) {
  if (this.state === 'LEADER') return;
  this.state = 'LEADER';
  clearTimeout(this.t);
  const self = this;
  const beat = function () {
    for (const p of self.env.peers) self.env.sendHeartbeat(p, { term: self.currentTerm, leaderId: self.env.id });
  };
  beat();
  this.hb = setInterval(beat, 50);
};
Node.prototype.onHeartbeat = function (this: any, _from: string, args: any) {
  if (args.term < this.currentTerm) return { term: this.currentTerm, success: false };
  this.higher(args.term);
  this.state = 'FOLLOWER';
  this.resetElectionTimer();
  return { term: this.currentTerm, success: true };
};
Node.prototype.onHeartbeatReply = function (this: any, _from: string, reply: any) {
  this.higher(reply.term);
};
