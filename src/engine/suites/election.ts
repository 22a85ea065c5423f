// Exercise 03: startElection and vote counting (Raft §5.2, figure 2 "Candidates"), plus the
// randomized election timeout in the style of etcd's randomized / non-conflicting timeout tests.
import { majority } from '../quorum';
import { ELECTION_TIMEOUT_MAX, ELECTION_TIMEOUT_MIN, type Harness, type RunContext } from '../grader/context';
import type { Suite } from '../grader/types';
import type { Message } from '../sim/trace';

const CANDIDATES = 'Raft figure 2, Rules for Servers, Candidates; §5.2';

function votesRequested(messages: Message[]): Message[] {
  return messages.filter((m) => m.kind === 'RequestVote');
}

/** Starts an election on n1 by letting its election timer fire; returns the new term. */
function campaign(h: Harness): number {
  const before = h.node.term;
  h.timeout();
  h.expectRole('CANDIDATE', before + 1, 'When its election timer fires');
  return before + 1;
}

/** The delays of successive election timers of one node over `count` elections. */
function drawTimeouts(ctx: RunContext, count: number): number[] {
  const h = ctx.single({ size: 5 });
  const delays: number[] = [];
  for (let i = 0; i < count; i++) {
    delays.push(h.requireElectionTimer('A follower or candidate').delay);
    h.timeout();
  }
  return delays;
}

export const electionSuite: Suite = {
  exercise: '03-election',
  title: 'Campaigning: startElection and counting votes',
  kind: 'node',
  tests: [
    {
      id: '03.1',
      name: 'on election timeout: increments its term, votes for itself, persists both, becomes candidate',
      section: CANDIDATES,
      runs: 5,
      run(ctx) {
        const h = ctx.single({ persisted: { n1: { currentTerm: 2, votedFor: 'p2' } } });
        campaign(h);
        ctx.checkAt(h.sim, h.node.votedFor === 'n1', 'A candidate votes for itself.', 'votedFor "n1"', JSON.stringify(h.node.votedFor));
        const saved = h.sim.persisted('n1');
        ctx.checkAt(h.sim, saved?.currentTerm === 3 && saved.votedFor === 'n1', 'The new term and the self-vote must be persisted before asking for votes.', '{ currentTerm: 3, votedFor: "n1" }', JSON.stringify(saved));
      },
    },
    {
      id: '03.2',
      name: 'asks every peer for its vote once, with its term and the position of its last log entry',
      section: `${CANDIDATES}; figure 2 RequestVote arguments`,
      runs: 5,
      run(ctx) {
        const h = ctx.single({ size: 5, logs: { n1: { lastLogIndex: 7, lastLogTerm: 3 } }, persisted: { n1: { currentTerm: 3, votedFor: null } } });
        campaign(h);
        const asked = votesRequested(h.sent());
        const expected = h.peers.map((p) => `${p}: { term: 4, candidateId: "n1", lastLogIndex: 7, lastLogTerm: 3 }`);
        const seen = asked.map((m) => `${m.to}: { term: ${m.body.term}, candidateId: ${JSON.stringify(m.body.candidateId)}, lastLogIndex: ${m.body.lastLogIndex}, lastLogTerm: ${m.body.lastLogTerm} }`);
        ctx.checkAt(h.sim, seen.sort().join('\n') === expected.join('\n'), 'The candidate must send one RequestVote to each peer.', expected.join('\n'), seen.join('\n') || 'no RequestVote sent');
      },
    },
    {
      id: '03.3',
      name: 'wins with votes from a majority of the whole cluster, its own included (3 to 7 nodes, even sizes too)',
      section: CANDIDATES,
      runs: 3,
      run(ctx) {
        for (const size of [3, 4, 5, 6, 7]) {
          const h = ctx.single({ size });
          const term = campaign(h);
          const needFromPeers = majority(size) - 1;
          h.peers.slice(0, needFromPeers - 1).forEach((p) => h.voteReply(p, term, true));
          h.expectRole('CANDIDATE', term, `${size}-node cluster, ${needFromPeers - 1} peer vote(s) plus its own (${majority(size)} needed)`);
          h.voteReply(h.peers[needFromPeers - 1]!, term, true);
          h.expectRole('LEADER', term, `${size}-node cluster, ${needFromPeers} peer vote(s) plus its own`);
        }
      },
    },
    {
      id: '03.4',
      name: 'a one-node cluster elects itself as soon as its timer fires',
      section: '§5.2 (its own vote is a majority of one)',
      runs: 3,
      run(ctx) {
        const h = ctx.single({ size: 1 });
        h.timeout();
        h.expectRole('LEADER', 1, 'A single node whose election timer fired');
      },
    },
    {
      id: '03.5',
      name: 'counts each voter once: duplicated replies do not add votes',
      section: `${CANDIDATES}; the network may duplicate messages`,
      runs: 5,
      run(ctx) {
        const h = ctx.single({ size: 5 });
        const term = campaign(h);
        for (let i = 0; i < 4; i++) h.voteReply('p2', term, true);
        h.expectRole('CANDIDATE', term, 'Five-node cluster: its own vote and p2\'s vote, delivered four times (2 distinct voters of the 3 needed)');
        h.voteReply('p3', term, true);
        h.expectRole('LEADER', term, 'After a third distinct voter (p3)');
      },
    },
    {
      id: '03.6',
      name: 'ignores votes granted in an earlier term (stale replies)',
      section: `${CANDIDATES}; §5.1 (a stale-term reply is discarded)`,
      runs: 5,
      run(ctx) {
        const h = ctx.single({ size: 5 });
        const first = campaign(h);
        const second = campaign(h); // the first election timed out
        h.voteReply('p2', first, true);
        h.voteReply('p3', first, true);
        h.voteReply('p4', first, true);
        h.expectRole('CANDIDATE', second, `Votes for term ${first} arrived while campaigning in term ${second}`);
        h.voteReply('p2', second, true);
        h.voteReply('p3', second, true);
        h.expectRole('LEADER', second, `After two votes for term ${second}`);
      },
    },
    {
      id: '03.7',
      name: 'ignores refused votes',
      section: CANDIDATES,
      runs: 3,
      run(ctx) {
        const h = ctx.single({ size: 5 });
        const term = campaign(h);
        for (const p of ['p2', 'p3', 'p4']) h.voteReply(p, term, false);
        h.expectRole('CANDIDATE', term, 'Three peers refused');
      },
    },
    {
      id: '03.8',
      name: 'steps down to follower when a reply carries a higher term',
      section: 'Raft figure 2, All Servers rule 2; §5.1',
      runs: 5,
      run(ctx) {
        const h = ctx.single({ size: 5 });
        campaign(h);
        h.voteReply('p2', 4, false);
        h.expectRole('FOLLOWER', 4, 'A candidate of term 1 got a reply with term 4');
        ctx.checkAt(h.sim, h.node.votedFor === null, 'In a newly adopted term the node has not voted yet.', 'votedFor null', JSON.stringify(h.node.votedFor));
        ctx.checkAt(h.sim, h.sim.persisted('n1')?.currentTerm === 4, 'The adopted term must be persisted.', 'persisted currentTerm 4', JSON.stringify(h.sim.persisted('n1')));
        h.voteReply('p3', 1, true);
        h.voteReply('p4', 1, true);
        h.expectRole('FOLLOWER', 4, 'Late votes of term 1 arrived after stepping down');
      },
    },
    {
      id: '03.9',
      name: 'becomes leader exactly once per term, however many votes arrive after the majority',
      section: CANDIDATES,
      runs: 3,
      run(ctx) {
        const h = ctx.single({ size: 5 });
        const term = campaign(h);
        for (const p of ['p2', 'p3', 'p4', 'p5', 'p2']) h.voteReply(p, term, true);
        h.expectRole('LEADER', term, 'All four peers voted');
        const calls = h.sim.becomeLeaderCalls.get(`n1@${term}`) ?? 0;
        ctx.checkAt(h.sim, calls <= 1, 'becomeLeader() must run once per won election: every extra call starts another heartbeat timer.', 'becomeLeader called once', `called ${calls} times`);
      },
    },
    {
      id: '03.10',
      name: 'a candidate whose election times out starts a new election in a higher term',
      section: '§5.2 (split votes)',
      runs: 5,
      run(ctx) {
        const h = ctx.single({ size: 5 });
        const first = campaign(h);
        h.sent();
        h.voteReply('p2', first, true); // one vote: not enough; the election times out
        const second = campaign(h);
        const asked = votesRequested(h.sent());
        ctx.checkAt(h.sim, asked.length === 4 && asked.every((m) => m.body.term === second), `The new election asks every peer again, for term ${second}.`, `4 RequestVotes for term ${second}`, asked.map((m) => `${m.to}@${m.body.term}`).join(', ') || 'none');
        h.voteReply('p3', first, true); // a late vote of the lost election
        h.voteReply('p2', second, true);
        h.expectRole('CANDIDATE', second, 'One vote of the old term and one of the new (its own makes 2 of 3)');
      },
    },
    {
      id: '03.11',
      name: 'election timeouts are drawn at random across [150, 300) ms',
      section: '§5.2, §9.3 of the dissertation; etcd TestFollowerElectionTimeoutRandomized',
      runs: 2,
      run(ctx) {
        const delays = drawTimeouts(ctx, 120);
        const outside = delays.filter((d) => d < ELECTION_TIMEOUT_MIN || d >= ELECTION_TIMEOUT_MAX);
        ctx.checkAt(ctx.sims.at(-1)!, outside.length === 0, 'Every election timeout must lie in [150, 300) ms.', '150 <= timeout < 300', outside.slice(0, 5).join(', '));
        const buckets = new Set(delays.map((d) => Math.floor((d - ELECTION_TIMEOUT_MIN) / 15)));
        ctx.checkAt(ctx.sims.at(-1)!, buckets.size >= 9, 'Timeouts should spread over the whole range (uniformly), so that one node usually times out well before the others.', 'at least 9 of the 10 15-ms bands used over 120 draws', `${buckets.size} bands; draws: ${delays.slice(0, 8).map(Math.round).join(', ')}, ...`);
      },
    },
    {
      id: '03.12',
      name: 'the timeout is re-drawn on every reset, not drawn once',
      section: '§5.2 (randomized timeouts break split votes only if re-drawn)',
      runs: 3,
      run(ctx) {
        const delays = drawTimeouts(ctx, 20);
        const distinct = new Set(delays).size;
        ctx.checkAt(ctx.sims.at(-1)!, distinct >= 18, 'Each reset must draw a new random timeout.', '20 different timeouts over 20 resets', `${distinct} different: ${delays.slice(0, 6).map(Math.round).join(', ')}, ...`);
      },
    },
    {
      id: '03.13',
      name: 'different nodes draw different timeouts (no synchronized elections)',
      section: 'etcd TestFollowersElectionTimeoutNonconflict',
      runs: 5,
      run(ctx) {
        const sim = ctx.cluster({ size: 5 });
        const first = sim.ids.map((id) => sim.pendingTimers(id).find((t) => !t.repeat)?.delay);
        ctx.checkAt(sim, first.every((d) => d !== undefined), 'Every node must start with an election timer running.', 'five timers', String(first));
        ctx.checkAt(sim, new Set(first).size === first.length, 'Nodes started together must not time out together: use Math.random (or env.random), which differs per node.', 'five different timeouts', first.map((d) => Math.round(d!)).join(', '));
      },
    },
    {
      id: '03.14',
      name: 'a leader does not start elections while it leads',
      section: 'Raft figure 2, Leaders; §5.2',
      runs: 5,
      run(ctx) {
        const h = ctx.single({ size: 3 });
        const term = campaign(h);
        h.voteReply('p2', term, true);
        h.expectRole('LEADER', term, 'After winning');
        h.advance(1000);
        h.expectRole('LEADER', term, 'One second later, with nobody challenging it (an election timer left running makes the leader depose itself)');
      },
    },
    {
      id: '03.15',
      name: 'a leader deposed by a higher term runs an election timer again',
      section: 'Raft figure 2, All Servers rule 2 and Followers rule 2; §5.2',
      runs: 5,
      run(ctx) {
        const h = ctx.single({ size: 3 });
        const term = campaign(h);
        h.voteReply('p2', term, true);
        h.expectRole('LEADER', term, 'After winning');
        h.advance(30);
        h.voteReply('p3', term + 3, false); // a late reply from a node that moved on
        h.expectRole('FOLLOWER', term + 3, 'After a reply carrying a higher term');
        h.requireElectionTimer('A follower that used to lead (it must be able to campaign if no leader shows up)');
      },
    },
  ],
};
