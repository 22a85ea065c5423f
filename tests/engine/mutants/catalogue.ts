// The catalogue of buggy variants: the classic mistakes learners make, each written as a small
// patch to a reference solution. tests/engine/mutants.test.ts grades every one and checks that
// the hidden suites catch it with the tests listed in `caughtBy` (the suites' proof of strength).
//
// `caughtBy` and `rules` were written from observed gradings (default options), then kept as the
// contract: a suite change that lets one of these mistakes through fails the mutant test.

export type MutantBase = '05-faults' | '01-quorum';

export interface Mutant {
  /** Stable, unique, kebab-case. */
  id: string;
  /** The mistake in one sentence, in the learner's terms. */
  description: string;
  /** Which reference is patched: the complete node (graded on 02-05) or the quorum functions (01). */
  base: MutantBase;
  /** [find, replace] pairs applied in order; each `find` must occur exactly once in the text it is applied to. */
  patch: [find: string, replace: string][];
  /** Test ids that must fail. */
  caughtBy: string[];
  /** Invariant rule ids (simulator rules) that at least one failing result must report. */
  rules?: string[];
}

/** The reference file a mutant patches. */
export function baseFile(base: MutantBase): string {
  return `solutions/${base}/solution.ts`;
}

/** The exercises (suites) a mutant of `base` is graded against. */
export function suitesFor(base: MutantBase): string[] {
  return base === '01-quorum' ? ['01-quorum'] : ['02-request-vote', '03-election', '04-heartbeats', '05-faults'];
}

function occurrences(text: string, find: string): number {
  if (find === '') return Infinity;
  let count = 0;
  for (let at = text.indexOf(find); at !== -1; at = text.indexOf(find, at + 1)) count++;
  return count;
}

/** Applies a mutant's patch to the reference source; throws unless every `find` occurs exactly once. */
export function applyPatch(source: string, mutant: Pick<Mutant, 'id' | 'patch'>): string {
  let text = source;
  mutant.patch.forEach(([find, replace], i) => {
    const n = occurrences(text, find);
    if (n !== 1) throw new Error(`mutant ${mutant.id}, patch #${i + 1}: expected exactly one occurrence of ${JSON.stringify(find)}, found ${n}`);
    text = text.replace(find, () => replace);
  });
  if (text === source) throw new Error(`mutant ${mutant.id}: the patch changes nothing`);
  return text;
}

// Fragments of solutions/05-faults/solution.ts that several mutants patch.
const TIMEOUT_DRAW = 'const timeout = ELECTION_TIMEOUT_MIN + Math.random() * (ELECTION_TIMEOUT_MAX - ELECTION_TIMEOUT_MIN);';
const GRANT_TIMER_RESET = '      this.resetElectionTimer(); // only a granted vote defers our own candidacy\n';
const STALE_HEARTBEAT = '    if (args.term < this.currentTerm) {\n      return { term: this.currentTerm, success: false }; // a deposed leader learns its term is over\n    }\n';
const COUNT_VOTE = '    this.votes.add(from);\n    if (this.votes.size >= this.majority()) this.becomeLeader();';
const MAJORITY = 'return Math.floor(this.env.clusterSize / 2) + 1;';
const CLEAR_INTERVAL = '    clearInterval(this.heartbeatTimer);\n    this.heartbeatTimer = undefined;\n';

export const catalogue: Mutant[] = [
  // ------------------------------------------------------------------ voting (exercise 02)
  {
    id: 'double-vote',
    description: 'Grants a vote to every candidate of the current term, without checking whether it already voted for someone else in that term.',
    base: '05-faults',
    patch: [['      (this.votedFor === null || this.votedFor === args.candidateId) &&\n', '']],
    caughtBy: ['02.4', '05.4'],
    rules: ['one-vote-per-term'],
  },
  {
    id: 'voted-for-not-cleared',
    description: 'Adopts a higher term but keeps votedFor from the old term, so it refuses every candidate of the new term.',
    base: '05-faults',
    patch: [['    this.currentTerm = term;\n    this.votedFor = null;\n', '    this.currentTerm = term;\n']],
    caughtBy: ['02.2', '02.3', '03.8', '04.2', '04.7', '05.14'],
  },
  {
    id: 'grants-stale-term',
    description: 'Does not reject a RequestVote from an older term: grants it if it has not voted yet.',
    base: '05-faults',
    patch: [['      args.term === this.currentTerm &&\n', '']],
    caughtBy: ['02.1', '02.10', '05.14'],
    rules: ['bad-reply'],
  },
  {
    id: 'refused-higher-term-not-adopted',
    description: 'Adopts the candidate\'s higher term only when it grants the vote; a refused higher-term candidate leaves its term unchanged.',
    base: '05-faults',
    patch: [
      ['    if (args.term > this.currentTerm) this.stepDown(args.term);\n    const logOk =', '    const logOk ='],
      ['    const grant =\n', '    if (args.term > this.currentTerm && logOk) this.stepDown(args.term);\n    const grant =\n'],
    ],
    caughtBy: ['02.3', '05.14'],
  },
  {
    id: 'no-regrant-same-candidate',
    description: 'Grants only when votedFor is null, so it refuses the candidate it already voted for when that candidate asks again (the first reply was lost).',
    base: '05-faults',
    patch: [['      (this.votedFor === null || this.votedFor === args.candidateId) &&\n', '      this.votedFor === null &&\n']],
    caughtBy: ['02.5', '05.14'],
  },
  {
    id: 'reply-carries-request-term',
    description: 'Answers a RequestVote with the term from the request instead of its own current term.',
    base: '05-faults',
    patch: [['return { term: this.currentTerm, voteGranted: grant };', 'return { term: args.term, voteGranted: grant };']],
    caughtBy: ['02.1', '02.10', '05.14'],
    rules: ['reply-carries-term'],
  },
  {
    id: 'heartbeat-reply-carries-request-term',
    description: 'Refuses a stale heartbeat with the stale leader\'s own term, so the deposed leader never learns the newer term.',
    base: '05-faults',
    patch: [['return { term: this.currentTerm, success: false };', 'return { term: args.term, success: false };']],
    caughtBy: ['04.4', '05.5'],
    rules: ['reply-carries-term'],
  },
  {
    id: 'no-log-check',
    description: 'Ignores the election restriction: grants votes whatever the candidate\'s log looks like.',
    base: '05-faults',
    patch: [['      (this.votedFor === null || this.votedFor === args.candidateId) &&\n      logOk;', '      (this.votedFor === null || this.votedFor === args.candidateId);']],
    caughtBy: ['02.6', '05.10'],
  },
  {
    id: 'log-check-index-only',
    description: 'Decides "up-to-date" by comparing only the last log index (the longer log wins), not the last log term first.',
    base: '05-faults',
    patch: [[
      '      args.lastLogTerm > this.env.lastLogTerm ||\n      (args.lastLogTerm === this.env.lastLogTerm && args.lastLogIndex >= this.env.lastLogIndex);',
      '      args.lastLogIndex >= this.env.lastLogIndex;',
    ]],
    caughtBy: ['02.3', '02.6', '05.12'],
  },
  {
    id: 'log-check-term-only',
    description: 'Decides "up-to-date" by comparing only the last log term, so a shorter log of the same term wins the vote.',
    base: '05-faults',
    patch: [[
      '      args.lastLogTerm > this.env.lastLogTerm ||\n      (args.lastLogTerm === this.env.lastLogTerm && args.lastLogIndex >= this.env.lastLogIndex);',
      '      args.lastLogTerm >= this.env.lastLogTerm;',
    ]],
    caughtBy: ['02.6', '05.14'],
  },
  {
    id: 'log-check-strict',
    description: 'Requires the candidate\'s log to be strictly longer when the last terms are equal, refusing an equally up-to-date candidate.',
    base: '05-faults',
    patch: [['args.lastLogIndex >= this.env.lastLogIndex', 'args.lastLogIndex > this.env.lastLogIndex']],
    caughtBy: ['02.2', '02.6', '05.1'],
  },

  // ------------------------------------------------------------------ persistence
  {
    id: 'term-not-persisted-on-election',
    description: 'Starts an election (new term, vote for itself) and sends RequestVotes without persisting the new term and self-vote.',
    base: '05-faults',
    patch: [['    this.persist(); // before any RequestVote leaves: a restart must remember this vote\n', '']],
    caughtBy: ['03.1', '05.7'],
    rules: ['persist-before-send'],
  },
  {
    id: 'vote-not-persisted',
    description: 'Grants a vote without persisting votedFor before replying.',
    base: '05-faults',
    patch: [['      this.persist(); // persisted before the reply leaves\n', '']],
    caughtBy: ['02.2', '02.4', '02.9', '05.7'],
    rules: ['persist-before-reply'],
  },
  {
    id: 'persist-term-only',
    description: 'Persists only currentTerm and never the vote (votedFor is saved as null), so a restart can vote twice in a term.',
    base: '05-faults',
    patch: [['this.env.persist({ currentTerm: this.currentTerm, votedFor: this.votedFor });', 'this.env.persist({ currentTerm: this.currentTerm, votedFor: null });']],
    caughtBy: ['02.9', '03.1', '04.10', '05.14'],
    rules: ['persist-before-reply'],
  },
  {
    id: 'higher-term-not-persisted',
    description: 'Adopts a higher term seen in a message without persisting it.',
    base: '05-faults',
    patch: [['    this.votedFor = null;\n    this.persist();\n    this.becomeFollower();', '    this.votedFor = null;\n    this.becomeFollower();']],
    caughtBy: ['02.3', '03.8', '04.2', '04.7', '05.14'],
    rules: ['persist-before-send'],
  },
  {
    id: 'restart-ignores-persisted',
    description: 'Starts from term 0 with no vote after every restart, ignoring env.persisted.',
    base: '05-faults',
    patch: [[
      '    if (env.persisted) {\n      this.currentTerm = env.persisted.currentTerm;\n      this.votedFor = env.persisted.votedFor;\n    }\n',
      '',
    ]],
    caughtBy: ['02.1', '02.9', '04.10', '05.7'],
    rules: ['term-monotonic'],
  },
  {
    id: 'restart-forgets-vote',
    description: 'Restores currentTerm from env.persisted after a restart but not votedFor.',
    base: '05-faults',
    patch: [['      this.votedFor = env.persisted.votedFor;\n', '']],
    caughtBy: ['02.9', '04.10', '05.7'],
    rules: ['one-vote-per-term'],
  },

  // ------------------------------------------------------------------ election timer
  {
    id: 'fixed-timeout',
    description: 'Uses a fixed election timeout (200 ms) instead of a random one.',
    base: '05-faults',
    patch: [[TIMEOUT_DRAW, 'const timeout = 200;']],
    caughtBy: ['03.11', '03.12', '03.13', '05.1'],
  },
  {
    id: 'timeout-drawn-once',
    description: 'Draws the random election timeout once, in the constructor, and reuses it on every reset.',
    base: '05-faults',
    patch: [
      ['  private heartbeatTimer: number | undefined;\n', '  private heartbeatTimer: number | undefined;\n  private readonly timeout = ELECTION_TIMEOUT_MIN + Math.random() * (ELECTION_TIMEOUT_MAX - ELECTION_TIMEOUT_MIN);\n'],
      [TIMEOUT_DRAW, 'const timeout = this.timeout;'],
    ],
    caughtBy: ['03.11', '03.12', '05.15'],
  },
  {
    id: 'timeout-no-offset',
    description: 'Draws the election timeout as Math.random() * 300, forgetting the 150 ms minimum.',
    base: '05-faults',
    patch: [[TIMEOUT_DRAW, 'const timeout = Math.random() * ELECTION_TIMEOUT_MAX;']],
    caughtBy: ['03.11', '05.15'],
  },
  {
    id: 'timeout-range-too-wide',
    description: 'Draws the election timeout as 150 + Math.random() * 300, overshooting the range to 450 ms.',
    base: '05-faults',
    patch: [[TIMEOUT_DRAW, 'const timeout = ELECTION_TIMEOUT_MIN + Math.random() * ELECTION_TIMEOUT_MAX;']],
    caughtBy: ['03.11', '05.15'],
  },
  {
    id: 'timer-reset-on-refused-vote',
    description: 'Resets the election timer on every RequestVote, also when it refuses the vote.',
    base: '05-faults',
    patch: [
      [GRANT_TIMER_RESET, ''],
      ['    return { term: this.currentTerm, voteGranted: grant };', '    this.resetElectionTimer();\n    return { term: this.currentTerm, voteGranted: grant };'],
    ],
    caughtBy: ['02.8', '05.14'],
  },
  {
    id: 'timer-reset-on-stale-heartbeat',
    description: 'Resets the election timer on every heartbeat, also on a refused heartbeat from a stale leader.',
    base: '05-faults',
    patch: [[STALE_HEARTBEAT, '    this.resetElectionTimer();\n' + STALE_HEARTBEAT]],
    caughtBy: ['04.4', '05.16'],
  },
  {
    id: 'no-timer-reset-after-grant',
    description: 'Does not reset the election timer after granting a vote.',
    base: '05-faults',
    patch: [[GRANT_TIMER_RESET, '']],
    caughtBy: ['02.7', '05.14'],
  },
  {
    id: 'no-timer-reset-on-heartbeat',
    description: 'Accepts a heartbeat from the current leader but does not reset its election timer.',
    base: '05-faults',
    patch: [['    this.resetElectionTimer();\n    return { term: this.currentTerm, success: true };', '    return { term: this.currentTerm, success: true };']],
    caughtBy: ['04.1', '05.1'],
  },
  {
    id: 'candidate-no-rearm',
    description: 'A candidate does not re-arm its election timer, so a split vote stalls the election forever.',
    base: '05-faults',
    patch: [['    this.resetElectionTimer(); // if this election splits, the next one starts by itself\n', '']],
    caughtBy: ['03.10', '03.11', '03.12', '05.15'],
  },
  {
    id: 'leader-keeps-election-timer',
    description: 'A new leader leaves its election timer running, so it deposes itself with a new election (the seed\'s bug).',
    base: '05-faults',
    patch: [['    clearTimeout(this.electionTimer);\n    this.electionTimer = undefined;\n', '']],
    caughtBy: ['03.14', '05.1'],
  },

  // ------------------------------------------------------------------ campaigning and counting (exercise 03)
  {
    id: 'duplicate-votes-counted',
    description: 'Counts vote replies with a counter, so a duplicated reply from the same peer counts twice.',
    base: '05-faults',
    patch: [
      ['  private votes = new Set<NodeId>();\n', '  private votes = new Set<NodeId>();\n  private votesReceived = 0;\n'],
      ['    this.votes = new Set([this.env.id]);\n', '    this.votes = new Set([this.env.id]);\n    this.votesReceived = 1;\n'],
      [COUNT_VOTE, '    this.votesReceived++;\n    if (this.votesReceived >= this.majority()) this.becomeLeader();'],
    ],
    caughtBy: ['03.5', '05.8'],
    rules: ['leader-has-majority'],
  },
  {
    id: 'stale-term-votes-counted',
    description: 'Counts a granted vote whatever term the reply carries, including late votes from an earlier election.',
    base: '05-faults',
    patch: [["if (this.state !== 'CANDIDATE' || reply.term !== this.currentTerm || !reply.voteGranted) return;", "if (this.state !== 'CANDIDATE' || !reply.voteGranted) return;"]],
    caughtBy: ['03.6', '03.10', '05.15'],
    rules: ['leader-has-majority'],
  },
  {
    id: 'votes-not-reset-between-elections',
    description: 'Keeps the set of voters from the previous election when starting a new one, so votes from an earlier term still count.',
    base: '05-faults',
    patch: [['    this.votes = new Set([this.env.id]);\n', '    this.votes.add(this.env.id);\n']],
    caughtBy: ['04.9', '05.2', '05.3', '05.4'],
    rules: ['leader-has-majority'],
  },
  {
    id: 'self-vote-not-counted',
    description: 'Votes for itself but does not count its own vote, so it needs a majority from its peers alone.',
    base: '05-faults',
    patch: [['    this.votes = new Set([this.env.id]);\n', '    this.votes = new Set<NodeId>();\n']],
    caughtBy: ['03.3', '03.4', '05.15'],
  },
  {
    id: 'candidate-no-self-vote',
    description: 'Starts an election without setting votedFor to itself (it counts its own vote but could still grant it to another candidate).',
    base: '05-faults',
    patch: [['    this.votedFor = this.env.id;\n    this.persist(); // before', '    this.persist(); // before']],
    caughtBy: ['03.1', '05.15'],
  },
  {
    id: 'vote-request-empty-log',
    description: 'Sends RequestVote with lastLogIndex 0 and lastLogTerm 0 instead of the position of its own last log entry.',
    base: '05-faults',
    patch: [['      lastLogIndex: this.env.lastLogIndex,\n      lastLogTerm: this.env.lastLogTerm,\n', '      lastLogIndex: 0,\n      lastLogTerm: 0,\n']],
    caughtBy: ['03.2', '05.10'],
  },
  {
    id: 'no-step-down-on-vote-reply',
    description: 'Ignores the term of a vote reply: a candidate that hears of a higher term stays candidate in its old term.',
    base: '05-faults',
    patch: [['    if (reply.term > this.currentTerm) {\n      this.stepDown(reply.term);\n      return;\n    }\n', '']],
    caughtBy: ['03.8', '05.15'],
  },
  {
    id: 'become-leader-twice',
    description: 'Counts votes in any state and becomeLeader has no guard, so every vote after the majority calls becomeLeader again (another heartbeat interval).',
    base: '05-faults',
    patch: [
      ["    if (this.state === 'LEADER') return;\n", ''],
      ["if (this.state !== 'CANDIDATE' || reply.term", 'if (reply.term'],
    ],
    caughtBy: ['04.9', '04.12', '05.16'],
  },
  {
    id: 'majority-floor-without-plus-one',
    description: 'Computes the majority as Math.floor(n / 2), one vote short.',
    base: '05-faults',
    patch: [[MAJORITY, 'return Math.floor(this.env.clusterSize / 2);']],
    caughtBy: ['03.3', '05.15'],
    rules: ['leader-has-majority'],
  },
  {
    id: 'majority-half-plus-one-unfloored',
    description: 'Computes the majority as n / 2 + 1 without Math.floor (3.5 for five nodes), one vote too many.',
    base: '05-faults',
    patch: [[MAJORITY, 'return this.env.clusterSize / 2 + 1;']],
    caughtBy: ['03.3', '03.4', '05.2'],
  },
  {
    id: 'majority-of-responders',
    description: 'Wins with a majority of the peers that answered (the "live" ones) instead of a majority of the whole cluster.',
    base: '05-faults',
    patch: [
      ['  private votes = new Set<NodeId>();\n', '  private votes = new Set<NodeId>();\n  private responders = new Set<NodeId>();\n'],
      ['    this.votes = new Set([this.env.id]);\n', '    this.votes = new Set([this.env.id]);\n    this.responders = new Set([this.env.id]);\n'],
      [
        "    if (this.state !== 'CANDIDATE' || reply.term !== this.currentTerm || !reply.voteGranted) return;\n" + COUNT_VOTE,
        "    if (this.state !== 'CANDIDATE' || reply.term !== this.currentTerm) return;\n    this.responders.add(from);\n    if (reply.voteGranted) this.votes.add(from);\n    if (this.votes.size > this.responders.size / 2) this.becomeLeader();",
      ],
    ],
    caughtBy: ['03.3', '05.4'],
    rules: ['leader-has-majority'],
  },

  // ------------------------------------------------------------------ heartbeats (exercise 04)
  {
    id: 'candidate-ignores-same-term-heartbeat',
    description: 'A candidate accepts a heartbeat of its own term but stays candidate (it only steps down on a higher term).',
    base: '05-faults',
    patch: [["    else if (this.state !== 'FOLLOWER') this.becomeFollower(); // a candidate yields to this term's leader\n", '']],
    caughtBy: ['04.3', '05.16'],
  },
  {
    id: 'stale-heartbeat-accepted',
    description: 'Accepts a heartbeat from an older term (no term check), following a deposed leader.',
    base: '05-faults',
    patch: [[STALE_HEARTBEAT, '']],
    caughtBy: ['04.4', '05.16'],
  },
  {
    id: 'no-step-down-on-heartbeat-reply',
    description: 'A leader ignores the term in heartbeat replies, so a deposed leader keeps leading its old term.',
    base: '05-faults',
    patch: [['    if (reply.term > this.currentTerm) this.stepDown(reply.term);\n', '']],
    caughtBy: ['04.7', '04.8', '05.13'],
  },
  {
    id: 'steps-down-on-own-term-heartbeat-reply',
    description: 'A leader steps down on any heartbeat reply whose term is not lower than its own (>= instead of >), so the first ordinary reply deposes it and clears its vote within the term.',
    base: '05-faults',
    patch: [['    if (reply.term > this.currentTerm) this.stepDown(reply.term);\n  }', '    if (reply.term >= this.currentTerm) this.stepDown(reply.term);\n  }']],
    caughtBy: ['04.11', '05.1', '05.2'],
    rules: ['one-vote-per-term'],
  },
  {
    id: 'higher-term-stays-leader',
    description: 'Adopts a higher term (and forgets its vote) but does not become follower: a leader or candidate keeps its role in the new term.',
    base: '05-faults',
    patch: [['    this.persist();\n    this.becomeFollower();\n  }', '    this.persist();\n  }']],
    caughtBy: ['03.8', '04.7', '05.2'],
    rules: ['leader-has-majority', 'election-safety'],
  },
  {
    id: 'heartbeat-interval-never-cleared',
    description: 'Never clears the heartbeat interval when stepping down (each tick checks the state), so a re-elected leader runs two intervals (the seed\'s bug).',
    base: '05-faults',
    patch: [[CLEAR_INTERVAL, '']],
    caughtBy: ['04.9', '05.16'],
  },
  {
    id: 'heartbeat-interval-keeps-sending',
    description: 'Never clears the heartbeat interval and sends without checking it is still leader, so a deposed leader keeps sending heartbeats.',
    base: '05-faults',
    patch: [
      [CLEAR_INTERVAL, ''],
      ["    if (this.state !== 'LEADER') return;\n    for (const peer", '    for (const peer'],
    ],
    caughtBy: ['04.8', '04.9', '05.16'],
  },
  {
    id: 'heartbeat-too-slow',
    description: 'Sends heartbeats every 120 ms, too rarely for followers with a 150 ms minimum timeout once messages are delayed.',
    base: '05-faults',
    patch: [['const HEARTBEAT_INTERVAL = 50;', 'const HEARTBEAT_INTERVAL = 120;']],
    caughtBy: ['04.6', '05.16'],
  },
  {
    id: 'heartbeat-too-fast',
    description: 'Sends heartbeats every 10 ms, flooding the network (100 a second per peer).',
    base: '05-faults',
    patch: [['const HEARTBEAT_INTERVAL = 50;', 'const HEARTBEAT_INTERVAL = 10;']],
    caughtBy: ['04.6', '05.16'],
  },
  {
    id: 'no-immediate-heartbeat',
    description: 'A new leader waits one interval before its first heartbeat instead of sending one at once.',
    base: '05-faults',
    patch: [['    this.sendHeartbeats(); // at once, so followers stop campaigning\n', '']],
    caughtBy: ['04.5', '05.16'],
  },

  {
    id: 'same-term-request-clears-vote',
    description: 'Treats a RequestVote of its own term like a new term ("term >= currentTerm": adopt it and clear votedFor), so it votes again in the same term.',
    base: '05-faults',
    patch: [['    if (args.term > this.currentTerm) this.stepDown(args.term);\n    const logOk =', '    if (args.term >= this.currentTerm) this.stepDown(args.term);\n    const logOk =']],
    caughtBy: ['02.4', '05.4'],
    rules: ['one-vote-per-term'],
  },
  {
    id: 'persist-before-updating-vote',
    description: 'Calls env.persist before setting votedFor, so stable storage holds the old vote when the reply leaves.',
    base: '05-faults',
    patch: [[
      '      this.votedFor = args.candidateId;\n      this.persist(); // persisted before the reply leaves\n',
      '      this.persist(); // persisted before the reply leaves\n      this.votedFor = args.candidateId;\n',
    ]],
    caughtBy: ['02.2', '02.9', '05.14'],
    rules: ['persist-before-reply'],
  },
  {
    id: 'reset-without-clearing-old-timer',
    description: 'Arms a new election timer on every reset without clearing the previous one, so old timers still fire and start elections.',
    base: '05-faults',
    patch: [['    clearTimeout(this.electionTimer);\n    // Drawn afresh', '    // Drawn afresh']],
    caughtBy: ['02.7', '04.1', '05.1'],
  },
  {
    id: 'deposed-leader-no-election-timer',
    description: 'A leader that steps down does not restart its election timer, so it waits forever if no new leader appears.',
    base: '05-faults',
    patch: [['    if (wasLeader) this.resetElectionTimer(); // a leader had no election timer running\n', '']],
    caughtBy: ['04.8', '04.9', '05.16'],
  },
  {
    id: 'single-node-never-wins',
    description: 'Only checks for a majority when a vote reply arrives, so a one-node cluster (no peers, no replies) never elects itself.',
    base: '05-faults',
    patch: [['    if (this.votes.size >= this.majority()) {\n      this.becomeLeader(); // a one-node cluster elects itself\n      return;\n    }\n', '']],
    caughtBy: ['03.4', '05.15'],
  },
  {
    id: 'refused-votes-counted',
    description: 'Counts every vote reply of the current term, including refusals (it never looks at voteGranted).',
    base: '05-faults',
    patch: [[" || reply.term !== this.currentTerm || !reply.voteGranted) return;", ' || reply.term !== this.currentTerm) return;']],
    caughtBy: ['03.7', '05.3'],
    rules: ['leader-has-majority'],
  },
  {
    id: 'heartbeat-higher-term-not-adopted',
    description: "Accepts a heartbeat from a higher term without adopting that term (it only checks that the heartbeat is not stale).",
    base: '05-faults',
    patch: [["    if (args.term > this.currentTerm) this.stepDown(args.term);\n    else if (this.state", '    if (this.state']],
    caughtBy: ['04.2', '05.16'],
  },
  {
    id: 'heartbeat-clears-vote-same-term',
    description: 'Handles every heartbeat of its term or newer as a new term (adopt it, clear votedFor), so it forgets its vote within the term.',
    base: '05-faults',
    patch: [["    if (args.term > this.currentTerm) this.stepDown(args.term);\n    else if (this.state", "    if (args.term >= this.currentTerm) this.stepDown(args.term);\n    else if (this.state"]],
    caughtBy: ['04.3', '05.16'],
  },

  // ------------------------------------------------------------------ the quorum warm-up (exercise 01)
  {
    id: 'quorum-majority-ceil',
    description: 'majority(n) = Math.ceil(n / 2): right for odd n, but two halves of an even cluster can both win.',
    base: '01-quorum',
    patch: [['return Math.floor(n / 2) + 1;', 'return Math.ceil(n / 2);']],
    caughtBy: ['01.1', '01.2', '01.3', '01.4'],
  },
  {
    id: 'quorum-majority-unfloored',
    description: 'majority(n) = n / 2 + 1 without Math.floor (3.5 for five nodes).',
    base: '01-quorum',
    patch: [['return Math.floor(n / 2) + 1;', 'return n / 2 + 1;']],
    caughtBy: ['01.1', '01.2', '01.3', '01.4'],
  },
  {
    id: 'quorum-majority-half',
    description: 'majority(n) = n / 2, forgetting both the floor and the + 1.',
    base: '01-quorum',
    patch: [['return Math.floor(n / 2) + 1;', 'return n / 2;']],
    caughtBy: ['01.1', '01.2', '01.3', '01.4'],
  },
  {
    id: 'quorum-majority-floor-only',
    description: 'majority(n) = Math.floor(n / 2), one short: two disjoint "majorities" exist.',
    base: '01-quorum',
    patch: [['return Math.floor(n / 2) + 1;', 'return Math.floor(n / 2);']],
    caughtBy: ['01.1', '01.2', '01.3', '01.4'],
  },
  {
    id: 'quorum-majority-round',
    description: 'majority(n) = Math.round(n / 2): right for odd n, one short for even n.',
    base: '01-quorum',
    patch: [['return Math.floor(n / 2) + 1;', 'return Math.round(n / 2);']],
    caughtBy: ['01.1', '01.2', '01.3', '01.4'],
  },
  {
    id: 'quorum-majority-ceil-plus-one',
    description: 'majority(n) = Math.ceil(n / 2) + 1: one vote too many for odd n.',
    base: '01-quorum',
    patch: [['return Math.floor(n / 2) + 1;', 'return Math.ceil(n / 2) + 1;']],
    caughtBy: ['01.1', '01.2', '01.3', '01.4'],
  },
  {
    id: 'quorum-fault-tolerance-minus-one',
    description: 'faultTolerance(n) = n - majority(n) - 1, one failure short.',
    base: '01-quorum',
    patch: [['return n - majority(n);', 'return n - majority(n) - 1;']],
    caughtBy: ['01.2', '01.4'],
  },
  {
    id: 'quorum-fault-tolerance-half',
    description: 'faultTolerance(n) = Math.floor(n / 2): right for odd n, but claims an even cluster survives half its nodes.',
    base: '01-quorum',
    patch: [['return n - majority(n);', 'return Math.floor(n / 2);']],
    caughtBy: ['01.2', '01.4'],
  },
  {
    id: 'quorum-fault-tolerance-minority',
    description: 'faultTolerance(n) = majority(n) - 1, the size of a minority rather than what is left over.',
    base: '01-quorum',
    patch: [['return n - majority(n);', 'return majority(n) - 1;']],
    caughtBy: ['01.2', '01.4'],
  },
  {
    id: 'majority-half-unfloored',
    description: 'Computes the majority as n / 2 without Math.floor or + 1, which is right for odd clusters and wrong for even ones (2 of 4).',
    base: '05-faults',
    patch: [[MAJORITY, 'return this.env.clusterSize / 2;']],
    caughtBy: ['03.3', '05.15'],
  },
  {
    id: 'majority-ceil',
    description: 'Computes the majority as Math.ceil(n / 2): right for odd clusters, one short for even ones (2 of 4).',
    base: '05-faults',
    patch: [[MAJORITY, 'return Math.ceil(this.env.clusterSize / 2);']],
    caughtBy: ['03.3', '05.15'],
  },
  {
    id: 'majority-from-peer-count',
    description: 'Computes the majority from the peers, Math.floor(peers.length / 2) + 1, forgetting itself: right for odd clusters, one short for even ones.',
    base: '05-faults',
    patch: [[MAJORITY, 'return Math.floor(this.env.peers.length / 2) + 1;']],
    caughtBy: ['03.3', '05.15'],
  },
  {
    id: 'timer-reset-on-higher-term',
    description: 'Resets its election timer whenever it adopts a higher term, also when it then refuses the vote (a candidate with a stale log keeps deferring the followers it cannot win).',
    base: '05-faults',
    patch: [['    this.persist();\n    this.becomeFollower();\n  }', '    this.persist();\n    this.becomeFollower();\n    this.resetElectionTimer();\n  }']],
    caughtBy: ['02.8', '05.14'],
  },

  // ------------------------------------------------------------------ grown from the literature: the Students' Guide to Raft,
  // etcd's raft_paper_test.go and MIT 6.5840's lab notes (terms, timers, step-down paths, the election restriction)
  {
    id: 'seed-half-fixed',
    description: "The seed's node with half its bugs fixed: persists, counts distinct voters of the term, checks logs, but never steps down on a higher-term reply and never clears its heartbeat interval (each tick checks the state).",
    base: '05-faults',
    patch: [
      ['    if (reply.term > this.currentTerm) {\n      this.stepDown(reply.term);\n      return;\n    }\n', ''],
      ['    if (reply.term > this.currentTerm) this.stepDown(reply.term);\n  }', '  }'],
      [CLEAR_INTERVAL, ''],
    ],
    caughtBy: ['03.8', '04.7', '04.8', '05.13'],
  },
  {
    id: 'vote-reply-higher-term-stays-candidate',
    description: 'A candidate that hears a higher term in a vote reply adopts it (and persists) but stays CANDIDATE in the new term, with no vote of its own.',
    base: '05-faults',
    patch: [['    if (reply.term > this.currentTerm) {\n      this.stepDown(reply.term);\n      return;\n    }\n', "    if (reply.term > this.currentTerm) {\n      this.currentTerm = reply.term;\n      this.votedFor = null;\n      this.persist();\n      return;\n    }\n"]],
    caughtBy: ['03.8', '05.15'],
  },
  {
    id: 'candidate-grants-after-self-vote',
    description: 'Treats its own vote as "no vote yet": a candidate (or leader) grants its vote to another candidate of the same term.',
    base: '05-faults',
    patch: [['(this.votedFor === null || this.votedFor === args.candidateId) &&\n      logOk;', '(this.votedFor === null || this.votedFor === args.candidateId || this.votedFor === this.env.id) &&\n      logOk;']],
    caughtBy: ['02.4', '05.14', '05.4'],
    rules: ['one-vote-per-term'],
  },
  {
    id: 'log-check-both-must-be-greater',
    description: 'Decides "up-to-date" by requiring both the last term and the last index to be at least its own, so a newer last term with a shorter log is refused.',
    base: '05-faults',
    patch: [[
      '      args.lastLogTerm > this.env.lastLogTerm ||\n      (args.lastLogTerm === this.env.lastLogTerm && args.lastLogIndex >= this.env.lastLogIndex);',
      '      args.lastLogTerm >= this.env.lastLogTerm && args.lastLogIndex >= this.env.lastLogIndex;',
    ]],
    caughtBy: ['02.6', '05.14'],
  },
  {
    id: 'log-check-reversed',
    description: 'Compares the logs the wrong way round: grants only to candidates whose log is behind its own (or equal).',
    base: '05-faults',
    patch: [[
      '      args.lastLogTerm > this.env.lastLogTerm ||\n      (args.lastLogTerm === this.env.lastLogTerm && args.lastLogIndex >= this.env.lastLogIndex);',
      '      this.env.lastLogTerm > args.lastLogTerm ||\n      (args.lastLogTerm === this.env.lastLogTerm && this.env.lastLogIndex >= args.lastLogIndex);',
    ]],
    caughtBy: ['02.6', '05.10', '05.14'],
  },
  {
    id: 'log-check-candidate-term',
    description: "Compares the candidate's term, not its last log term, with the voter's last log term (the Students' Guide's lastLogTerm confusion): any candidate of a newer term looks up to date.",
    base: '05-faults',
    patch: [['      args.lastLogTerm > this.env.lastLogTerm ||\n', '      args.term > this.env.lastLogTerm ||\n']],
    caughtBy: ['02.3', '02.6', '05.10', '05.14'],
  },
  {
    id: 'request-carries-current-term-as-last-log-term',
    description: 'Sends its currentTerm as lastLogTerm in RequestVote, so a candidate with an old log looks up to date.',
    base: '05-faults',
    patch: [['      lastLogTerm: this.env.lastLogTerm,\n    };', '      lastLogTerm: this.currentTerm,\n    };']],
    caughtBy: ['03.2', '05.10', '05.15'],
  },
  {
    id: 'request-swaps-index-and-term',
    description: 'Sends lastLogIndex and lastLogTerm swapped in RequestVote.',
    base: '05-faults',
    patch: [['      lastLogIndex: this.env.lastLogIndex,\n      lastLogTerm: this.env.lastLogTerm,\n', '      lastLogIndex: this.env.lastLogTerm,\n      lastLogTerm: this.env.lastLogIndex,\n']],
    caughtBy: ['03.2', '05.15'],
  },
  {
    id: 'request-wrong-candidate-id',
    description: 'Sends RequestVote with the target peer as candidateId instead of its own id.',
    base: '05-faults',
    patch: [['    for (const peer of this.env.peers) this.env.sendRequestVote(peer, args);', '    for (const peer of this.env.peers) this.env.sendRequestVote(peer, { ...args, candidateId: peer });']],
    caughtBy: ['03.2', '05.15'],
  },
  {
    id: 'grant-without-recording-vote',
    description: 'Grants a vote without setting votedFor, so nothing stops it from granting another in the same term.',
    base: '05-faults',
    patch: [['      this.votedFor = args.candidateId;\n      this.persist(); // persisted', '      this.persist(); // persisted']],
    caughtBy: ['02.9', '05.14'],
    rules: ['persist-before-reply'],
  },
  {
    id: 'heartbeat-term-not-persisted',
    description: 'onHeartbeat adopts a higher term by assignment (term, no vote, follower) without persisting it.',
    base: '05-faults',
    patch: [["    if (args.term > this.currentTerm) this.stepDown(args.term);\n    else if (this.state", "    if (args.term > this.currentTerm) {\n      this.currentTerm = args.term;\n      this.votedFor = null;\n      this.becomeFollower();\n    } else if (this.state"]],
    caughtBy: ['04.2', '05.16'],
    rules: ['persist-before-send'],
  },
  {
    id: 'heartbeat-higher-term-keeps-vote',
    description: 'onHeartbeat adopts a higher term (and persists it) but keeps votedFor from the old term.',
    base: '05-faults',
    patch: [["    if (args.term > this.currentTerm) this.stepDown(args.term);\n    else if (this.state", "    if (args.term > this.currentTerm) {\n      this.currentTerm = args.term;\n      this.persist();\n      this.becomeFollower();\n    } else if (this.state"]],
    caughtBy: ['04.2', '05.16'],
  },
  {
    id: 'vote-reply-step-down-not-persisted',
    description: 'A candidate adopts the higher term of a vote reply and becomes follower without persisting the new term.',
    base: '05-faults',
    patch: [['    if (reply.term > this.currentTerm) {\n      this.stepDown(reply.term);\n      return;\n    }\n', "    if (reply.term > this.currentTerm) {\n      this.currentTerm = reply.term;\n      this.votedFor = null;\n      this.state = 'FOLLOWER';\n      return;\n    }\n"]],
    caughtBy: ['03.8', '05.15'],
  },
  {
    id: 'timeout-range-too-narrow',
    description: 'Draws election timeouts from [150, 160) ms: random, but so close together that split votes keep recurring.',
    base: '05-faults',
    patch: [[TIMEOUT_DRAW, 'const timeout = ELECTION_TIMEOUT_MIN + Math.random() * 10;']],
    caughtBy: ['03.11', '03.12', '05.15'],
  },
  {
    id: 'timeout-up-to-350',
    description: 'Draws election timeouts from [150, 350) ms, past the stated maximum.',
    base: '05-faults',
    patch: [[TIMEOUT_DRAW, 'const timeout = ELECTION_TIMEOUT_MIN + Math.random() * 200;']],
    caughtBy: ['03.11', '05.15'],
  },
  {
    id: 'timeout-same-seed-on-every-node',
    description: 'Draws timeouts from its own pseudo-random generator seeded with a constant, so every node draws the same sequence and they time out together.',
    base: '05-faults',
    patch: [
      ['  private heartbeatTimer: number | undefined;\n', '  private heartbeatTimer: number | undefined;\n  private seed = 42;\n'],
      [TIMEOUT_DRAW, 'this.seed = (this.seed * 1103515245 + 12345) % 2147483648;\n    const timeout = ELECTION_TIMEOUT_MIN + (this.seed / 2147483648) * (ELECTION_TIMEOUT_MAX - ELECTION_TIMEOUT_MIN);'],
    ],
    caughtBy: ['03.13', '05.15'],
  },
  {
    id: 'timeout-in-seconds',
    description: 'Draws the election timeout in seconds (0.15-0.3) where the timers take milliseconds, so elections never stop.',
    base: '05-faults',
    patch: [[TIMEOUT_DRAW, 'const timeout = (ELECTION_TIMEOUT_MIN + Math.random() * (ELECTION_TIMEOUT_MAX - ELECTION_TIMEOUT_MIN)) / 1000;']],
    caughtBy: ['02.7', '03.11', '05.1'],
  },
  {
    id: 'no-election-timer-at-boot',
    description: 'Does not arm the election timer in the constructor: a freshly booted cluster never elects anyone.',
    base: '05-faults',
    patch: [['    }\n    this.resetElectionTimer();\n  }', '    }\n  }']],
    caughtBy: ['02.8', '03.1', '05.1'],
  },
  {
    id: 'heartbeat-interval-110',
    description: 'Sends heartbeats every 110 ms, just over the 100 ms bound: with network delay a follower can time out.',
    base: '05-faults',
    patch: [['const HEARTBEAT_INTERVAL = 50;', 'const HEARTBEAT_INTERVAL = 110;']],
    caughtBy: ['04.6', '05.1'],
  },
  {
    id: 'heartbeats-to-first-peer-only',
    description: 'The heartbeat round goes to the first peer only; the others never hear from their leader.',
    base: '05-faults',
    patch: [['    for (const peer of this.env.peers) {\n      this.env.sendHeartbeat', '    for (const peer of this.env.peers.slice(0, 1)) {\n      this.env.sendHeartbeat']],
    caughtBy: ['04.5', '04.6', '05.1'],
  },
  {
    id: 'heartbeats-to-a-majority-only',
    description: 'Sends heartbeats only to enough peers to make a majority, leaving the rest to time out and start elections.',
    base: '05-faults',
    patch: [['    for (const peer of this.env.peers) {\n      this.env.sendHeartbeat', '    for (const peer of this.env.peers.slice(0, this.majority() - 1)) {\n      this.env.sendHeartbeat']],
    caughtBy: ['04.5', '04.6', '05.1'],
  },
  {
    id: 'heartbeat-carries-old-term',
    description: 'Sends heartbeats with currentTerm - 1, so followers refuse them as stale.',
    base: '05-faults',
    patch: [['this.env.sendHeartbeat(peer, { term: this.currentTerm, leaderId: this.env.id });', 'this.env.sendHeartbeat(peer, { term: this.currentTerm - 1, leaderId: this.env.id });']],
    caughtBy: ['04.5', '05.1'],
  },
  {
    id: 'heartbeat-wrong-leader-id',
    description: 'Sends heartbeats with the target peer as leaderId.',
    base: '05-faults',
    patch: [['this.env.sendHeartbeat(peer, { term: this.currentTerm, leaderId: this.env.id });', 'this.env.sendHeartbeat(peer, { term: this.currentTerm, leaderId: peer });']],
    caughtBy: ['04.5', '05.16'],
  },
  {
    id: 'candidate-gives-up-on-refusal',
    description: 'A candidate becomes follower at the first refused vote of its term, so a single "no" ends its election.',
    base: '05-faults',
    patch: [["    if (this.state !== 'CANDIDATE' || reply.term !== this.currentTerm || !reply.voteGranted) return;", "    if (this.state === 'CANDIDATE' && reply.term === this.currentTerm && !reply.voteGranted) this.becomeFollower();\n    if (this.state !== 'CANDIDATE' || reply.term !== this.currentTerm || !reply.voteGranted) return;"]],
    caughtBy: ['03.7', '05.15'],
  },
  {
    id: 'refusal-of-own-term-clears-vote',
    description: 'A candidate treats a refusal carrying its own term like a newer term (">=" instead of ">"): it steps down and forgets its own vote, and can vote again in that term.',
    base: '05-faults',
    patch: [['    if (reply.term > this.currentTerm) {\n      this.stepDown(reply.term);\n      return;\n    }\n', '    if (reply.term > this.currentTerm || (reply.term === this.currentTerm && !reply.voteGranted)) {\n      this.stepDown(reply.term);\n      return;\n    }\n']],
    caughtBy: ['03.7', '05.15'],
  },
  {
    id: 'leader-ignores-higher-term-request',
    description: 'A leader refuses to step down when a RequestVote carries a higher term (only followers adopt it), so it keeps leading an old term.',
    base: '05-faults',
    patch: [["    if (args.term > this.currentTerm) this.stepDown(args.term);\n    const logOk =", "    if (args.term > this.currentTerm && this.state !== 'LEADER') this.stepDown(args.term);\n    const logOk ="]],
    caughtBy: ['04.8', '05.16'],
  },
  {
    id: 'request-vote-path-keeps-interval',
    description: 'A leader deposed by a RequestVote adopts the term and becomes follower inline, without clearing its heartbeat interval (ticks check the state), so a re-elected leader runs two intervals.',
    base: '05-faults',
    patch: [["    if (args.term > this.currentTerm) this.stepDown(args.term);\n    const logOk =", "    if (args.term > this.currentTerm) {\n      const wasLeader = this.state === 'LEADER';\n      this.currentTerm = args.term;\n      this.votedFor = null;\n      this.persist();\n      this.state = 'FOLLOWER';\n      if (wasLeader) this.resetElectionTimer();\n    }\n    const logOk ="]],
    caughtBy: ['04.8', '05.16'],
  },
  {
    id: 'heartbeat-path-keeps-interval',
    description: 'A leader deposed by a heartbeat of a newer term adopts it inline without clearing its heartbeat interval (ticks check the state), so a re-elected leader runs two intervals.',
    base: '05-faults',
    patch: [["    if (args.term > this.currentTerm) this.stepDown(args.term);\n    else if (this.state", "    if (args.term > this.currentTerm) {\n      this.currentTerm = args.term;\n      this.votedFor = null;\n      this.persist();\n      this.state = 'FOLLOWER';\n    } else if (this.state"]],
    caughtBy: ['04.8', '05.16'],
  },
  {
    id: 'vote-reply-path-keeps-sending',
    description: 'A leader deposed by a late vote reply of a newer term adopts it inline without stopping its heartbeats, and its interval sends without checking the state.',
    base: '05-faults',
    patch: [
      ['    if (reply.term > this.currentTerm) {\n      this.stepDown(reply.term);\n      return;\n    }\n', "    if (reply.term > this.currentTerm) {\n      this.currentTerm = reply.term;\n      this.votedFor = null;\n      this.persist();\n      this.state = 'FOLLOWER';\n      this.resetElectionTimer();\n      return;\n    }\n"],
      ["    if (this.state !== 'LEADER') return;\n    for (const peer", '    for (const peer'],
    ],
    caughtBy: ['04.8', '05.16'],
  },
  {
    id: 'restart-as-leader',
    description: 'After a restart, a node that had voted for itself in its persisted term comes back as LEADER without any election.',
    base: '05-faults',
    patch: [['      this.votedFor = env.persisted.votedFor;\n', "      this.votedFor = env.persisted.votedFor;\n      if (this.votedFor === env.id) this.state = 'LEADER';\n"]],
    caughtBy: ['04.10', '05.16'],
  },
  {
    id: 'candidate-yields-to-stale-heartbeat',
    description: 'A candidate becomes follower on any heartbeat, also one from an older term that it refuses.',
    base: '05-faults',
    patch: [[STALE_HEARTBEAT, "    if (this.state === 'CANDIDATE') this.becomeFollower();\n" + STALE_HEARTBEAT]],
    caughtBy: ['04.4', '05.16'],
  },
  {
    id: 'self-vote-persisted-late',
    description: 'Persists the new term before voting for itself, so stable storage holds the previous vote in the new term.',
    base: '05-faults',
    patch: [['    this.votedFor = this.env.id;\n    this.persist(); // before any RequestVote leaves: a restart must remember this vote\n', '    this.persist(); // before any RequestVote leaves: a restart must remember this vote\n    this.votedFor = this.env.id;\n']],
    caughtBy: ['03.1', '05.15'],
  },
  {
    id: 'requests-sent-before-persist',
    description: 'Sends its RequestVotes first and persists the new term and self-vote afterwards.',
    base: '05-faults',
    patch: [
      ['    this.persist(); // before any RequestVote leaves: a restart must remember this vote\n', ''],
      ['    for (const peer of this.env.peers) this.env.sendRequestVote(peer, args);\n', '    for (const peer of this.env.peers) this.env.sendRequestVote(peer, args);\n    this.persist();\n'],
    ],
    caughtBy: ['03.1', '05.1'],
    rules: ['persist-before-send'],
  },
  {
    id: 'majority-strictly-greater',
    description: 'Wins only with more votes than the majority (> instead of >=), one vote too many: a 3-node cluster needs all three.',
    base: '05-faults',
    patch: [[COUNT_VOTE, '    this.votes.add(from);\n    if (this.votes.size > this.majority()) this.becomeLeader();']],
    caughtBy: ['03.3', '05.2'],
  },
  {
    id: 'heartbeat-success-false',
    description: 'Accepts a heartbeat of its term (follows the leader, resets its timer) but replies success: false.',
    base: '05-faults',
    patch: [['    this.resetElectionTimer();\n    return { term: this.currentTerm, success: true };', '    this.resetElectionTimer();\n    return { term: this.currentTerm, success: false };']],
    caughtBy: ['04.1', '05.16'],
  },
  {
    id: 'stale-heartbeat-success-true',
    description: 'Refuses a stale heartbeat in every other way, but replies success: true (with its own term).',
    base: '05-faults',
    patch: [['return { term: this.currentTerm, success: false }; // a deposed leader', 'return { term: this.currentTerm, success: true }; // a deposed leader']],
    caughtBy: ['04.4', '05.13'],
  },
];

/**
 * Mistakes the suites do NOT catch yet (holes to fix in src/engine/suites). The mutant test expects
 * them to go uncaught (it.fails): once a suite catches one, that test fails, and the entry moves up
 * into `catalogue` with its `caughtBy`. Empty: the majority-formula holes closed when 03.3 began
 * checking even cluster sizes, and the higher-term timer reset when 02.8 began refusing a
 * newer-term candidate whose log is behind.
 */
export const knownHoles: Mutant[] = [];
