// The catalogue of legal variants: correct nodes written in other engineers' styles. Each must pass
// every exercise it applies to (02-05) on several seeds: the suites test behaviour, not mechanism
// (tests/engine/variants.test.ts). A variant is either a full file in this folder or a patch to
// the reference (solutions/05-faults/solution.ts), applied like a mutant's.

export interface Variant {
  /** Stable, unique, kebab-case. */
  id: string;
  /** The style in one sentence, and why it is legal. */
  description: string;
  /** A full file in tests/engine/variants/, or [find, replace] pairs on the reference. */
  file?: string;
  patch?: [find: string, replace: string][];
}

const TIMEOUT_DRAW = 'const timeout = ELECTION_TIMEOUT_MIN + Math.random() * (ELECTION_TIMEOUT_MAX - ELECTION_TIMEOUT_MIN);';
const STEP_DOWN_ON_VOTE_REPLY = '    if (reply.term > this.currentTerm) {\n      this.stepDown(reply.term);\n      return;\n    }\n';
const COUNT_GUARD = "    if (this.state !== 'CANDIDATE' || reply.term !== this.currentTerm || !reply.voteGranted) return;";
const START_INTERVAL = '    this.heartbeatTimer = setInterval(() => this.sendHeartbeats(), HEARTBEAT_INTERVAL);';

export const variants: Variant[] = [
  { id: 'tick-clock', description: 'etcd style: one 10 ms setInterval drives everything; the election timeout is a number of ticks (16-30) drawn on every reset, heartbeats every 5 ticks.', file: 'tick-clock.ts' },
  { id: 'ticker-deadline', description: 'MIT lab style: a 10 ms ticker compares Date.now() with a deadline that every reset moves; heartbeats by a chain of setTimeout calls.', file: 'ticker.ts' },
  { id: 'reducer', description: 'A pure reducer (state, event) -> (state, effects) with getters for the graded fields and a shell that performs the effects; becomeLeader is a no-op.', file: 'reducer.ts' },
  { id: 'closures', description: 'Handlers are arrow functions installed by the constructor, closing over local variables; timers through env.', file: 'closures.ts' },
  { id: 'private-fields', description: 'The reference with ECMAScript #private fields and methods.', file: 'private-fields.ts' },
  { id: 'function-constructor', description: 'Pre-class JavaScript: a constructor function with prototype methods, `function () {}` timer callbacks and a vote tally object.', file: 'function-constructor.ts' },
  {
    id: 'lazy-timer-rearm',
    description: 'Go / hashicorp style: a reset only moves the deadline; the pending timer is reused and, when it fires early, re-armed for the time left.',
    patch: [
      ['  private heartbeatTimer: number | undefined;\n', '  private heartbeatTimer: number | undefined;\n  private deadline = 0;\n'],
      [
        '    clearTimeout(this.electionTimer);\n    // Drawn afresh on every reset, so two nodes rarely time out together (§5.2, split votes).\n    ' + TIMEOUT_DRAW + '\n    this.electionTimer = setTimeout(() => this.startElection(), timeout);\n',
        '    ' + TIMEOUT_DRAW + '\n    this.deadline = Date.now() + timeout;\n    if (this.electionTimer === undefined) this.arm(timeout);\n  }\n\n  private arm(ms: number): void {\n    this.electionTimer = setTimeout(() => {\n      this.electionTimer = undefined;\n      const left = this.deadline - Date.now();\n      if (left > 0) this.arm(left);\n      else this.startElection();\n    }, ms);\n',
      ],
    ],
  },
  {
    id: 'request-vote-retries',
    description: 'A candidate re-sends its RequestVote every 40 ms to peers that have not answered, within its term (§5.1: servers retry RPCs that get no response).',
    patch: [
      ['  private heartbeatTimer: number | undefined;\n', '  private heartbeatTimer: number | undefined;\n  private answered = new Set<NodeId>();\n  private retry: number | undefined;\n'],
      ['    for (const peer of this.env.peers) this.env.sendRequestVote(peer, args);\n', "    this.answered = new Set();\n    for (const peer of this.env.peers) this.env.sendRequestVote(peer, args);\n    clearInterval(this.retry);\n    this.retry = setInterval(() => {\n      if (this.state !== 'CANDIDATE' || this.currentTerm !== args.term) return clearInterval(this.retry);\n      for (const peer of this.env.peers) if (!this.answered.has(peer)) this.env.sendRequestVote(peer, args);\n    }, 40);\n"],
      [COUNT_GUARD, "    if (reply.term === this.currentTerm) this.answered.add(from);\n" + COUNT_GUARD],
    ],
  },
  {
    id: 'guarded-become-leader-called-again',
    description: 'Counts granted votes of the term in any state and calls becomeLeader on every vote past the majority; the early-return guard in becomeLeader makes the extra calls harmless.',
    patch: [[COUNT_GUARD, '    if (reply.term !== this.currentTerm || !reply.voteGranted) return;']],
  },
  {
    id: 'check-quorum',
    description: 'CheckQuorum (etcd, dissertation §6.2): a leader that has not heard from a majority within an election timeout steps down.',
    patch: [
      ['  private heartbeatTimer: number | undefined;\n', '  private heartbeatTimer: number | undefined;\n  private heard = new Set<NodeId>();\n  private quorumCheck: number | undefined;\n'],
      [START_INTERVAL, START_INTERVAL + "\n    this.heard = new Set([this.env.id]);\n    clearInterval(this.quorumCheck);\n    this.quorumCheck = setInterval(() => {\n      if (this.state !== 'LEADER') return clearInterval(this.quorumCheck);\n      if (this.heard.size < this.majority()) this.becomeFollower();\n      this.heard = new Set([this.env.id]);\n    }, ELECTION_TIMEOUT_MAX);"],
      ['    if (reply.term > this.currentTerm) this.stepDown(reply.term);\n  }', '    if (reply.term > this.currentTerm) this.stepDown(reply.term);\n    else if (reply.term === this.currentTerm) this.heard.add(_from);\n  }'],
    ],
  },
  { id: 'integer-ms-timeouts', description: 'Election timeouts in whole milliseconds (the 05 starter\'s formula): repeats happen, legally.', patch: [[TIMEOUT_DRAW, 'const timeout = Math.floor(Math.random() * 150) + 150;']] },
  { id: 'ten-ms-step-timeouts', description: 'Election timeouts drawn in 10 ms steps (150, 160, ..., 290).', patch: [[TIMEOUT_DRAW, 'const timeout = 150 + 10 * Math.floor(Math.random() * 15);']] },
  {
    id: 'env-only',
    description: 'Uses env.setTimeout, env.setInterval, env.random and env.now instead of the globals.',
    patch: [
      ['    clearTimeout(this.electionTimer);\n    // Drawn', '    this.env.clearTimeout(this.electionTimer);\n    // Drawn'],
      [TIMEOUT_DRAW, 'const timeout = ELECTION_TIMEOUT_MIN + this.env.random() * (ELECTION_TIMEOUT_MAX - ELECTION_TIMEOUT_MIN);'],
      ['    this.electionTimer = setTimeout(() => this.startElection(), timeout);', '    this.electionTimer = this.env.setTimeout(() => this.startElection(), timeout);'],
      [START_INTERVAL, '    this.heartbeatTimer = this.env.setInterval(() => this.sendHeartbeats(), HEARTBEAT_INTERVAL);'],
      ['    clearInterval(this.heartbeatTimer);\n', '    this.env.clearInterval(this.heartbeatTimer);\n'],
    ],
  },
  {
    id: 'persist-on-every-call',
    description: 'Persists currentTerm and votedFor at the end of every handler, whether or not they changed (more often than needed).',
    patch: [
      ['    return { term: this.currentTerm, voteGranted: grant };', '    this.persist();\n    return { term: this.currentTerm, voteGranted: grant };'],
      ['    this.resetElectionTimer();\n    return { term: this.currentTerm, success: true };', '    this.resetElectionTimer();\n    this.persist();\n    return { term: this.currentTerm, success: true };'],
      ['    this.state = \'CANDIDATE\';\n    this.currentTerm += 1;\n', "    this.state = 'CANDIDATE';\n    this.currentTerm += 1;\n    this.persist();\n"],
    ],
  },
  {
    id: 'heartbeat-timeout-chain',
    description: 'Heartbeats by a chain of setTimeout calls instead of setInterval, stopped by clearTimeout.',
    patch: [
      [START_INTERVAL, '    const next = () => {\n      this.heartbeatTimer = setTimeout(() => {\n        this.sendHeartbeats();\n        next();\n      }, HEARTBEAT_INTERVAL);\n    };\n    next();'],
      ['    clearInterval(this.heartbeatTimer);\n', '    clearTimeout(this.heartbeatTimer);\n'],
    ],
  },
  { id: 'heartbeat-every-40-ms', description: 'Heartbeats every 40 ms (25 a second, within the 30 allowed).', patch: [['const HEARTBEAT_INTERVAL = 50;', 'const HEARTBEAT_INTERVAL = 40;']] },
  { id: 'heartbeat-every-75-ms', description: 'Heartbeats every 75 ms (well within the 100 ms gap allowed).', patch: [['const HEARTBEAT_INTERVAL = 50;', 'const HEARTBEAT_INTERVAL = 75;']] },
  {
    id: 'replies-with-extra-fields',
    description: 'Replies carry extra fields in another order ({ voteGranted, term, reason }).',
    patch: [
      ['    return { term: this.currentTerm, voteGranted: grant };', "    return { voteGranted: grant, term: this.currentTerm, reason: grant ? 'granted' : 'refused' } as RequestVoteReply;"],
      ['    this.resetElectionTimer();\n    return { term: this.currentTerm, success: true };', "    this.resetElectionTimer();\n    return { success: true, term: this.currentTerm, leader: _from } as HeartbeatReply;"],
    ],
  },
  {
    id: 'election-timer-kept-while-leading',
    description: 'The leader keeps its election timer; when it fires while leading it is re-armed instead of starting an election (a ticker that skips while leader).',
    patch: [
      ['    this.electionTimer = setTimeout(() => this.startElection(), timeout);', "    this.electionTimer = setTimeout(() => (this.state === 'LEADER' ? this.resetElectionTimer() : this.startElection()), timeout);"],
      ["    this.state = 'LEADER';\n    clearTimeout(this.electionTimer);\n    this.electionTimer = undefined;\n", "    this.state = 'LEADER';\n"],
    ],
  },
  {
    id: 'chatty-logging',
    description: 'Logs every handler call with console.log (the output is captured and capped, the verdict unchanged).',
    patch: [
      ['  onRequestVote(_from: NodeId, args: RequestVoteArgs): RequestVoteReply {\n', '  onRequestVote(_from: NodeId, args: RequestVoteArgs): RequestVoteReply {\n    console.log(`RequestVote from ${_from}`, args);\n'],
      ['  onVoteReceived(from: NodeId, reply: RequestVoteReply): void {\n', '  onVoteReceived(from: NodeId, reply: RequestVoteReply): void {\n    console.log(`vote from ${from}`, reply);\n'],
      ['  onHeartbeat(_from: NodeId, args: HeartbeatArgs): HeartbeatReply {\n', '  onHeartbeat(_from: NodeId, args: HeartbeatArgs): HeartbeatReply {\n    console.log(`heartbeat from ${_from}`, args.term);\n'],
    ],
  },
  {
    id: 'votes-in-a-map',
    description: 'Keeps every answer of the election in a Map<NodeId, boolean> (refusals too) and counts the true entries.',
    patch: [
      ['  private votes = new Set<NodeId>();\n', '  private votes = new Set<NodeId>();\n  private answers = new Map<NodeId, boolean>();\n'],
      ['    this.votes = new Set([this.env.id]);\n', '    this.votes = new Set([this.env.id]);\n    this.answers = new Map([[this.env.id, true]]);\n'],
      [COUNT_GUARD + '\n    this.votes.add(from);\n    if (this.votes.size >= this.majority()) this.becomeLeader();', "    if (this.state !== 'CANDIDATE' || reply.term !== this.currentTerm) return;\n    if (!this.answers.get(from)) this.answers.set(from, reply.voteGranted);\n    const yes = [...this.answers.values()].filter(Boolean).length;\n    if (yes >= this.majority()) this.becomeLeader();"],
    ],
  },
  {
    id: 'late-voter-gets-a-heartbeat',
    description: 'A leader answers a late vote of its term with an immediate heartbeat to that voter.',
    patch: [[COUNT_GUARD, "    if (this.state === 'LEADER' && reply.term === this.currentTerm) this.env.sendHeartbeat(from, { term: this.currentTerm, leaderId: this.env.id });\n" + COUNT_GUARD]],
  },
  {
    id: 'sealed-instance',
    description: 'Seals the instance at the end of the constructor (Object.seal): no new properties, the graded fields still writable.',
    patch: [['    }\n    this.resetElectionTimer();\n  }', '    }\n    this.resetElectionTimer();\n    Object.seal(this);\n  }']],
  },
  {
    id: 'step-down-first-in-every-handler',
    description: 'One term check at the top of every incoming message (etcd\'s Step), before the handler looks at anything else.',
    patch: [
      [STEP_DOWN_ON_VOTE_REPLY, '    if (this.observeTerm(reply.term)) return;\n'],
      ['  /** A higher term was seen: adopt it, forget the vote, follow. */\n', '  private observeTerm(term: number): boolean {\n    if (term <= this.currentTerm) return false;\n    this.stepDown(term);\n    return true;\n  }\n\n  /** A higher term was seen: adopt it, forget the vote, follow. */\n'],
      ['    if (reply.term > this.currentTerm) this.stepDown(reply.term);\n  }', '    this.observeTerm(reply.term);\n  }'],
    ],
  },
];
