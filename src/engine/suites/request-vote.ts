// Exercise 02: onRequestVote, rule by rule (Raft figure 2, "RequestVote RPC, receiver
// implementation"), in the table-driven style of etcd's raft_paper_test.go.
import type { RequestVoteReply } from '../contract/raft';
import type { Harness } from '../grader/context';
import type { Suite } from '../grader/types';
import { ELECTION_LATEST, expectElectionWindow, expectNoElection } from './probe';

const FIG2 = 'Raft figure 2, RequestVote RPC';

function expectReply(h: Harness, reply: RequestVoteReply | undefined, term: number, granted: boolean, situation: string): void {
  const seen = reply ? `{ term: ${reply.term}, voteGranted: ${reply.voteGranted} }` : 'no reply';
  h.ctx.checkAt(h.sim, reply && reply.term === term && reply.voteGranted === granted, `${situation}: the reply should be { term: ${term}, voteGranted: ${granted} }.`, `{ term: ${term}, voteGranted: ${granted} }`, seen);
}

function expectNode(h: Harness, term: number, votedFor: string | null, situation: string): void {
  const n = h.node;
  h.ctx.checkAt(h.sim, n.term === term && n.votedFor === votedFor, `${situation}: currentTerm should be ${term} and votedFor ${JSON.stringify(votedFor)}.`, `currentTerm ${term}, votedFor ${JSON.stringify(votedFor)}`, `currentTerm ${n.term}, votedFor ${JSON.stringify(n.votedFor)}`);
}

export const requestVoteSuite: Suite = {
  exercise: '02-request-vote',
  title: 'Voting: onRequestVote',
  kind: 'node',
  tests: [
    {
      id: '02.1',
      name: 'rejects a RequestVote from a stale term, replying with its own term',
      section: `${FIG2}, rule 1; §5.1`,
      runs: 5,
      run(ctx) {
        const h = ctx.single({ persisted: { n1: { currentTerm: 5, votedFor: null } } });
        for (const stale of [0, 1, 4]) {
          expectReply(h, h.requestVote('p2', { term: stale }), 5, false, `A node in term 5 got a RequestVote for term ${stale}`);
        }
        expectNode(h, 5, null, 'After stale requests');
      },
    },
    {
      id: '02.2',
      name: 'adopts a higher term and clears its old vote before deciding',
      section: `${FIG2}; "All servers" rule 2; §5.1`,
      runs: 5,
      run(ctx) {
        const h = ctx.single({ persisted: { n1: { currentTerm: 3, votedFor: 'p3' } } });
        expectReply(h, h.requestVote('p2', { term: 5 }), 5, true, 'A node that voted for p3 in term 3 got a RequestVote from p2 for term 5');
        expectNode(h, 5, 'p2', 'After granting in the new term');
      },
    },
    {
      id: '02.3',
      name: 'adopts a higher term even when it refuses the vote, and forgets its old vote',
      section: `${FIG2}; "All servers" rule 2; §5.4.1`,
      runs: 5,
      run(ctx) {
        const h = ctx.single({ persisted: { n1: { currentTerm: 3, votedFor: 'p3' } }, logs: { n1: { lastLogIndex: 4, lastLogTerm: 3 } } });
        expectReply(h, h.requestVote('p2', { term: 6, lastLogIndex: 9, lastLogTerm: 2 }), 6, false, 'p2 asked for term 6 with a log ending in term 2 (ours ends in term 3)');
        expectNode(h, 6, null, 'After the refused higher-term request');
        const saved = h.sim.persisted('n1');
        ctx.checkAt(h.sim, saved?.currentTerm === 6 && saved.votedFor === null, 'The adopted term must be persisted (env.persist) before replying.', '{ currentTerm: 6, votedFor: null }', JSON.stringify(saved));
      },
    },
    {
      id: '02.4',
      name: 'grants at most one vote per term',
      section: `${FIG2}, rule 2; §5.2`,
      runs: 5,
      run(ctx) {
        const h = ctx.single({ size: 5, persisted: { n1: { currentTerm: 1, votedFor: null } } });
        expectReply(h, h.requestVote('p2', { term: 2 }), 2, true, 'First RequestVote of term 2 (from p2)');
        expectReply(h, h.requestVote('p3', { term: 2 }), 2, false, 'Second candidate of term 2 (p3), after voting for p2');
        expectReply(h, h.requestVote('p4', { term: 2, lastLogIndex: 50, lastLogTerm: 9 }), 2, false, 'A third candidate of term 2 with a longer log (p4)');
        expectNode(h, 2, 'p2', 'After three candidates in term 2');
        // A candidate's vote for itself is its vote of the term, like any other.
        const c = ctx.single({ size: 5, persisted: { n1: { currentTerm: 3, votedFor: 'n1' } } });
        expectReply(c, c.requestVote('p2', { term: 3 }), 3, false, 'n1 voted for itself in term 3 (it is campaigning); p2 asks for term 3');
        expectNode(c, 3, 'n1', 'After refusing p2 in the term it voted for itself');
      },
    },
    {
      id: '02.5',
      name: 'grants again to the candidate it already voted for (the first reply may have been lost)',
      section: `${FIG2}, rule 2 ("votedFor is null or candidateId")`,
      runs: 5,
      run(ctx) {
        const h = ctx.single({ persisted: { n1: { currentTerm: 2, votedFor: 'p2' } } });
        expectReply(h, h.requestVote('p2', { term: 2 }), 2, true, 'p2 asks again in term 2, after n1 voted for it in term 2');
        expectReply(h, h.requestVote('p2', { term: 2 }), 2, true, 'p2 asks a third time');
      },
    },
    {
      id: '02.6',
      name: "grants only to a candidate whose log is at least as up-to-date as its own",
      section: 'Raft §5.4.1 (election restriction)',
      runs: 3,
      run(ctx) {
        // The voter's log ends at index 5, term 3. Compare last terms first, then lengths.
        const table: [number, number, boolean, string][] = [
          [2, 9, false, 'an older last term wins nothing, even with a longer log'],
          [3, 4, false, 'same last term, shorter log'],
          [3, 5, true, 'same last term, same length'],
          [3, 8, true, 'same last term, longer log'],
          [4, 1, true, 'a newer last term, even with a shorter log'],
        ];
        let term = 10;
        for (const [lastLogTerm, lastLogIndex, granted, why] of table) {
          const h = ctx.single({ persisted: { n1: { currentTerm: term, votedFor: null } }, logs: { n1: { lastLogIndex: 5, lastLogTerm: 3 } } });
          term++;
          expectReply(h, h.requestVote('p2', { term, lastLogIndex, lastLogTerm }), term, granted, `Voter's log ends (index 5, term 3); candidate's ends (index ${lastLogIndex}, term ${lastLogTerm}): ${why}`);
        }
      },
    },
    {
      id: '02.7',
      name: 'resets its election timer when it grants a vote',
      section: 'Raft figure 2, Followers rule 2; §5.2',
      runs: 5,
      run(ctx) {
        // Behaviour, not mechanism: after each grant, no election for 150 ms, and one within 310 ms
        // once nothing else happens (one-shot timers, a re-armed deadline or a ticking clock alike).
        const h = ctx.single();
        h.advance(140);
        expectReply(h, h.requestVote('p2', { term: 1 }), 1, true, 'First RequestVote of term 1, at t=140ms');
        expectNoElection(h, 140, 1, 280, 'After granting its vote at t=140ms');
        expectReply(h, h.requestVote('p2', { term: 1 }), 1, true, 'p2 asks again in term 1 at t=280ms (its first reply may have been lost)');
        expectElectionWindow(h, 280, 1, 'After granting its vote again at t=280ms, with nothing heard since');
      },
    },
    {
      id: '02.8',
      name: 'does not reset its election timer when it refuses a vote',
      section: 'Raft figure 2, Followers rule 2 (only a granted vote resets the timer)',
      runs: 5,
      run(ctx) {
        // A candidate that cannot win keeps asking; refusals must not keep this follower from timing out.
        const h = ctx.single({ persisted: { n1: { currentTerm: 4, votedFor: 'p3' } }, logs: { n1: { lastLogIndex: 5, lastLogTerm: 3 } } });
        let asked = 0;
        while (h.node.state !== 'CANDIDATE') {
          if (h.sim.now >= ELECTION_LATEST) {
            ctx.failAt(h.sim, `n1 booted at t=0ms and was then sent only RequestVotes it must refuse (a stale term, a term it already voted in, or a candidate whose log is behind, even in a newer term), one every 40 ms: it did not start an election by t=${ELECTION_LATEST}ms. Refusing a vote must leave the election timer alone, or a candidate that cannot win keeps a follower from ever timing out.`, `an election (CANDIDATE) by t=${ELECTION_LATEST}ms`, `${h.node.state} in term ${h.node.term} after ${asked} refusals`);
          }
          h.advance(1);
          if (h.sim.now % 40 !== 0 || (h.node.state as string) === 'CANDIDATE') continue;
          const term = h.node.term;
          const kind = asked === 0 ? 0 : 1 + (asked % 3);
          asked++;
          if (kind === 0) expectReply(h, h.requestVote('p2', { term, lastLogIndex: 5, lastLogTerm: 3 }), term, false, `p2 asked in term ${term}, in which n1 already voted for p3`);
          else if (kind === 1) expectReply(h, h.requestVote('p2', { term: term - 1, lastLogIndex: 5, lastLogTerm: 3 }), term, false, `p2 asked for the stale term ${term - 1}`);
          else if (kind === 2) expectReply(h, h.requestVote('p2', { term: term + 1, lastLogIndex: 9, lastLogTerm: 2 }), term + 1, false, `p2 asked for term ${term + 1} with a log behind n1's`);
          else expectReply(h, h.requestVote('p2', { term, lastLogIndex: 9, lastLogTerm: 2 }), term, false, `p2 asked again in term ${term} with a log behind n1's`);
        }
      },
    },
    {
      id: '02.9',
      name: 'persists currentTerm and votedFor before replying, so a restart cannot vote twice',
      section: 'Raft figure 2, "Persistent state on all servers"; §5.2',
      runs: 5,
      run(ctx) {
        const h = ctx.single();
        expectReply(h, h.requestVote('p2', { term: 1 }), 1, true, 'First RequestVote of term 1');
        const saved = h.sim.persisted('n1');
        ctx.checkAt(h.sim, saved?.currentTerm === 1 && saved.votedFor === 'p2', 'Stable storage must hold the vote before the reply leaves.', '{ currentTerm: 1, votedFor: "p2" }', JSON.stringify(saved));
        h.sim.crash('n1');
        h.sim.restart('n1');
        ctx.ensure(h.sim);
        expectNode(h, 1, 'p2', 'After a crash and restart, the node must come back from env.persisted');
        expectReply(h, h.requestVote('p3', { term: 1 }), 1, false, 'After the restart, p3 asks for a vote in term 1');
      },
    },
    {
      id: '02.10',
      name: "every reply carries the voter's current term",
      section: `${FIG2}, results`,
      runs: 3,
      run(ctx) {
        const h = ctx.single({ persisted: { n1: { currentTerm: 7, votedFor: null } } });
        for (const [from, term] of [['p2', 3], ['p2', 7], ['p3', 7], ['p3', 9], ['p2', 8]] as const) {
          const reply = h.requestVote(from, { term });
          ctx.checkAt(h.sim, reply && reply.term === h.node.term, `RequestVote(term ${term}) from ${from}: the reply's term must be the voter's currentTerm after handling it.`, String(h.node.term), String(reply?.term));
        }
      },
    },
  ],
};
