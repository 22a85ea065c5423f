// Exercise 03: startElection and vote counting (Raft §5.2, figure 2 "Candidates"), plus the
// randomized election timeout, observed from when elections start (etcd's randomized and
// non-conflicting timeout tests, without looking at how the node arms its timer).
import { majority } from '../quorum';
import { ELECTION_TIMEOUT_MIN, roundMs, type Harness, type RunContext } from '../grader/context';
import { Failure } from '../grader/failure';
import type { Suite } from '../grader/types';
import type { Message } from '../sim/trace';
import { awaitElection, campaign, ELECTION_LATEST, Peers } from './probe';

const CANDIDATES = 'Raft figure 2, Rules for Servers, Candidates; §5.2';

function votesRequested(messages: Message[]): Message[] {
  return messages.filter((m) => m.kind === 'RequestVote');
}

/** Delivers a vote reply that must NOT make n1 leader; if it does, names the reply that was counted. */
function uncounted(h: Harness, from: string, term: number, granted: boolean, why: string): void {
  const before = h.node.state;
  try {
    h.voteReply(from, term, granted);
  } catch (error) {
    // The simulator caught a leader without a majority: say which reply was counted.
    if (!(error instanceof Failure) || error.rule !== 'leader-has-majority') throw error;
    throw new Failure(`${error.message}. It took office on counting the reply { term: ${term}, voteGranted: ${granted} } from ${from}, which must not count: ${why}.`, error.expected, error.observed, error.rule, error.time, error.eventIndex, error.stack2);
  }
  const n = h.node;
  h.ctx.checkAt(h.sim, before === 'LEADER' || n.state !== 'LEADER', `n1 became LEADER of term ${n.term} on counting the reply { term: ${term}, voteGranted: ${granted} } from ${from}, which must not count: ${why}.`, `still ${before} in term ${n.term}`, `LEADER in term ${n.term}`);
}

/**
 * The observed election timeouts of one node: a candidate that gets no votes starts election after
 * election, and the time between two starts is the timeout it drew (seen at 1 ms resolution).
 */
function observeTimeouts(ctx: RunContext, count: number): number[] {
  const h = ctx.single({ size: 5 });
  const delays: number[] = [];
  let last = 0; // n1 booted, and armed its timer, at t=0
  for (let i = 0; i < count; i++) {
    const at = awaitElection(h, last, h.node.term, `Election ${i + 1} of a candidate that gets no votes`);
    delays.push(at - last);
    last = at;
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
      name: 'asks every peer for its vote at once, with its term and the position of its last log entry',
      section: `${CANDIDATES}; figure 2 RequestVote arguments`,
      runs: 5,
      run(ctx) {
        const h = ctx.single({ size: 5, logs: { n1: { lastLogIndex: 7, lastLogTerm: 3 } }, persisted: { n1: { currentTerm: 3, votedFor: null } } });
        campaign(h);
        // Retrying a request within the term is legal (§5.1); every request must carry the right fields.
        const asked = votesRequested(h.sent());
        const show = (m: Message) => `${m.to}: { term: ${m.body.term}, candidateId: ${JSON.stringify(m.body.candidateId)}, lastLogIndex: ${m.body.lastLogIndex}, lastLogTerm: ${m.body.lastLogTerm} }`;
        const expected = h.peers.map((p) => `${p}: { term: 4, candidateId: "n1", lastLogIndex: 7, lastLogTerm: 3 }`);
        const wrong = asked.filter((m) => !expected.includes(show(m)));
        const missing = h.peers.filter((p) => !asked.some((m) => m.to === p));
        ctx.checkAt(h.sim, wrong.length === 0 && missing.length === 0, missing.length ? `On becoming candidate, n1 must send a RequestVote to every peer at once; ${missing.join(', ')} got none.` : 'Every RequestVote must carry the candidate\'s new term, its id and the position of its last log entry (env.lastLogIndex, env.lastLogTerm).', expected.join('\n'), asked.map(show).join('\n') || 'no RequestVote sent');
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
        campaign(h, 'A single node whose election timer ran out');
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
        h.voteReply('p2', term, true);
        for (let i = 0; i < 3; i++) uncounted(h, 'p2', term, true, 'p2 already voted, and a duplicate adds no voter');
        h.expectRole('CANDIDATE', term, 'Five-node cluster: its own vote and p2\'s vote, delivered four times (2 distinct voters of the 3 needed)');
        h.voteReply('p3', term, true);
        h.expectRole('LEADER', term, 'After a third distinct voter (p3)');
      },
    },
    {
      id: '03.6',
      name: 'ignores votes granted in an earlier term (stale replies)',
      section: `${CANDIDATES}; §5.1 (terms act as a logical clock: a stale term's message is out of date)`,
      runs: 5,
      run(ctx) {
        const h = ctx.single({ size: 5 });
        const first = campaign(h);
        const second = campaign(h); // the first election timed out
        for (const p of ['p2', 'p3', 'p4']) uncounted(h, p, first, true, `it is a vote for term ${first}, and n1 now campaigns in term ${second}`);
        h.expectRole('CANDIDATE', second, `Votes for term ${first} from p2, p3, p4 arrived while campaigning in term ${second}; the reply that counted was a vote of term ${first}`);
        h.voteReply('p2', second, true);
        h.voteReply('p3', second, true);
        h.expectRole('LEADER', second, `After two votes for term ${second}`);
      },
    },
    {
      id: '03.16',
      name: 'votes of an earlier election never count toward a later one',
      section: `${CANDIDATES}; §5.2 (each election counts the votes of its own term)`,
      runs: 5,
      run(ctx) {
        const h = ctx.single({ size: 5 });
        const first = campaign(h);
        h.voteReply('p2', first, true);
        h.voteReply('p3', first, false);
        h.expectRole('CANDIDATE', first, `p2 voted for n1 in term ${first}; p3 refused`);
        const second = campaign(h, `The election of term ${first} timed out`);
        uncounted(h, 'p3', second, true, `with n1's own vote it makes 2 of the 3 needed in term ${second}; p2's vote was for term ${first}`);
        h.expectRole('CANDIDATE', second, `In term ${second} only p3 has voted (with n1's own vote, 2 of the 3 needed; p2's vote was for term ${first} and counts no more)`);
        h.voteReply('p4', second, true);
        h.expectRole('LEADER', second, `After p4's vote for term ${second} (3 of 5)`);
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
        for (const p of ['p2', 'p3', 'p4']) uncounted(h, p, term, false, 'it is a refusal');
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
      name: 'takes office once per term: votes after the majority change nothing',
      section: `${CANDIDATES}; §5.2`,
      runs: 3,
      run(ctx) {
        const h = ctx.single({ size: 5 });
        const term = campaign(h);
        h.voteReply('p2', term, true);
        h.voteReply('p3', term, true);
        h.expectRole('LEADER', term, 'After votes from p2 and p3 (3 of 5 with its own)');
        const saved = JSON.stringify(h.sim.persisted('n1'));
        for (const p of ['p4', 'p5', 'p2', 'p4']) h.voteReply(p, term, true);
        h.expectRole('LEADER', term, 'Votes from p4 and p5, and duplicates, arrived after it won');
        ctx.checkAt(h.sim, h.node.votedFor === 'n1' && JSON.stringify(h.sim.persisted('n1')) === saved, 'Late votes change neither its vote nor its stable storage.', `votedFor "n1", stored ${saved}`, `votedFor ${JSON.stringify(h.node.votedFor)}, stored ${JSON.stringify(h.sim.persisted('n1'))}`);
        const wins = h.sim.leadershipLog.filter((e) => e.node === 'n1' && e.term === term).length;
        ctx.checkAt(h.sim, wins === 1, `n1 took office ${wins} times in term ${term}.`, 'once', String(wins));
      },
    },
    {
      id: '03.10',
      name: 'a candidate whose election times out starts a new election in a higher term',
      section: '§5.2 (split votes)',
      runs: 5,
      run(ctx) {
        const h = ctx.single({ size: 5 });
        const peers = new Peers(h);
        const first = campaign(h);
        h.voteReply('p2', first, true); // one vote: not enough; the election times out
        const second = campaign(h, `The election of term ${first} got one vote (p2) and timed out`);
        const startedAt = h.sim.now - 1; // seen at 1 ms resolution
        peers.advance(2);
        const asked = peers.since(startedAt, 'RequestVote');
        const missing = h.peers.filter((p) => !asked.some((m) => m.to === p && m.body.term === second));
        const stale = asked.filter((m) => m.sentAt > startedAt + 1 && m.body.term !== second);
        const show = (ms: Message[]) => ms.map((m) => `${m.to}@term ${m.body.term} (t=${roundMs(m.sentAt)}ms)`).join(', ') || 'none';
        ctx.checkAt(h.sim, missing.length === 0, `The new election must ask every peer for its vote in term ${second}; ${missing.join(', ')} got no RequestVote for term ${second}.`, `a RequestVote for term ${second} to each of ${h.peers.join(', ')}`, show(asked));
        ctx.checkAt(h.sim, stale.length === 0, `Once campaigning in term ${second}, n1 must not ask for votes in an older term.`, `only term ${second}`, show(stale));
        uncounted(h, 'p3', first, true, `it is a late vote of the lost election of term ${first}`);
        uncounted(h, 'p2', second, true, `with n1's own vote it makes 2 of the 3 needed in term ${second}; p3's vote was for term ${first}`);
        h.expectRole('CANDIDATE', second, `p3's vote for term ${first} (late) and p2's for term ${second} arrived: with its own, 2 votes of term ${second}, 3 needed`);
      },
    },
    {
      id: '03.11',
      name: 'election timeouts are drawn at random across [150, 300) ms',
      section: '§5.2; §9.3 (timeouts of 150-300 ms); etcd TestFollowerElectionTimeoutRandomized',
      runs: 2,
      run(ctx) {
        const delays = observeTimeouts(ctx, 120);
        const sim = ctx.sims.at(-1)!;
        // Seen at 1 ms resolution; a ticking clock may start an election up to 10 ms late.
        const outside = delays.filter((d) => d < ELECTION_TIMEOUT_MIN - 1 || d > ELECTION_LATEST);
        ctx.checkAt(sim, outside.length === 0, 'Every election timeout must lie in [150, 300) ms: the time from one election to the next, with no votes, was outside it.', '150 <= timeout < 300', outside.slice(0, 5).map(Math.round).join(', '));
        const buckets = new Set(delays.map((d) => Math.min(9, Math.max(0, Math.floor((d - ELECTION_TIMEOUT_MIN) / 15)))));
        ctx.checkAt(sim, buckets.size >= 9, 'Timeouts should spread over the whole range (uniformly), so that one node usually times out well before the others.', 'at least 9 of the 10 15-ms bands used over 120 elections', `${buckets.size} bands; timeouts: ${delays.slice(0, 8).map(Math.round).join(', ')}, ...`);
      },
    },
    {
      id: '03.12',
      name: 'the timeout is re-drawn on every reset, not drawn once',
      section: '§5.2 (randomized timeouts break split votes only if re-drawn)',
      runs: 3,
      run(ctx) {
        // The spread of the draws, not their distinctness: whole-millisecond draws repeat, legally.
        const delays = observeTimeouts(ctx, 20);
        const bands = new Set(delays.map((d) => Math.min(9, Math.max(0, Math.floor((d - ELECTION_TIMEOUT_MIN) / 15)))));
        ctx.checkAt(ctx.sims.at(-1)!, bands.size >= 5, 'Each reset must draw a new random timeout: 20 elections in a row should spread over most of [150, 300) ms.', 'at least 5 of the 10 15-ms bands over 20 elections', `${bands.size} bands: ${delays.slice(0, 8).map(Math.round).join(', ')}, ...`);
      },
    },
    {
      id: '03.13',
      name: 'different nodes draw different timeouts (no synchronized elections)',
      section: 'etcd TestFollowersElectionTimeoutNonconflict; §5.2',
      runs: 5,
      run(ctx) {
        // Five isolated nodes campaign again and again; each must follow its own random sequence.
        const sim = ctx.cluster({ size: 5 });
        sim.partition(sim.ids.map((id) => [id]));
        const starts = new Map(sim.ids.map((id) => [id, [] as number[]]));
        const terms = new Map(sim.ids.map((id) => [id, sim.view(id).term]));
        while (sim.now < 3000 && [...starts.values()].some((s) => s.length < 9)) {
          ctx.runFor(sim, 1);
          for (const id of sim.ids) {
            const t = sim.view(id).term;
            if (t > terms.get(id)!) starts.get(id)!.push(sim.now);
            terms.set(id, t);
          }
        }
        const gaps = sim.ids.map((id) => starts.get(id)!.map((t, i, all) => (i === 0 ? t : t - all[i - 1]!)).slice(0, 9));
        ctx.checkAt(sim, gaps.every((g) => g.length === 9), 'Isolated nodes must keep starting elections (each within 310 ms of the last).', '9 elections per node in 3 s', gaps.map((g, i) => `${sim.ids[i]}: ${g.length}`).join(', '));
        for (let i = 0; i < gaps.length; i++) {
          for (let j = i + 1; j < gaps.length; j++) {
            const same = gaps[i]!.every((g, k) => Math.abs(g - gaps[j]![k]!) <= 1);
            ctx.checkAt(sim, !same, `${sim.ids[i]} and ${sim.ids[j]} drew the same timeouts, election after election: nodes started together time out together. Draw with Math.random (or env.random), which differs per node.`, 'different timeouts per node', `${sim.ids[i]}: ${gaps[i]!.join(', ')}; ${sim.ids[j]}: ${gaps[j]!.join(', ')}`);
          }
        }
      },
    },
    {
      id: '03.14',
      name: 'a leader does not start elections while it leads',
      section: 'Raft figure 2, Leaders; §5.2',
      runs: 5,
      run(ctx) {
        const h = ctx.single({ size: 3 });
        const peers = new Peers(h); // followers that answer every heartbeat
        const term = campaign(h);
        h.voteReply('p2', term, true);
        h.expectRole('LEADER', term, 'After winning');
        peers.advance(1000);
        h.expectRole('LEADER', term, 'One second later, with nobody challenging it (an election timer left running makes the leader depose itself)');
      },
    },
    {
      id: '03.15',
      name: 'a leader deposed by a higher term campaigns again if no leader shows up',
      section: 'Raft figure 2, All Servers rule 2 and Followers rule 2; §5.2',
      runs: 5,
      run(ctx) {
        const h = ctx.single({ size: 3 });
        const peers = new Peers(h);
        const term = campaign(h);
        h.voteReply('p2', term, true);
        h.expectRole('LEADER', term, 'After winning');
        peers.advance(30);
        h.voteReply('p3', term + 3, false); // a late reply from a node that moved on
        h.expectRole('FOLLOWER', term + 3, 'After a reply carrying a higher term');
        awaitElection(h, h.sim.now, term + 3, `A leader deposed at t=${roundMs(h.sim.now)}ms that hears nothing more (it must be able to campaign if no leader shows up)`);
      },
    },
  ],
};
