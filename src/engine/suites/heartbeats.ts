// Exercise 04: onHeartbeat and the leader's heartbeats (AppendEntries with no entries, Raft §5.2;
// no prevLogIndex/prevLogTerm/leaderCommit while logs are fixed, see raft.d.ts). The bound: each
// peer hears from its leader at least every 100 ms and at most 30 times a second. The puppet
// followers answer heartbeats where a test is not about replies, so CheckQuorum leaders pass too.
import { HEARTBEAT_INTERVAL, roundMs, type Harness, type RunContext } from '../grader/context';
import type { Suite } from '../grader/types';
import type { Message } from '../sim/trace';
import { awaitElection, campaign, ELECTION_LATEST, expectElectionWindow, expectNoElection, Peers } from './probe';

/** A follower must hear from its leader well within the 150 ms minimum election timeout. */
export const HEARTBEAT_MAX_GAP = 100;
/** And no faster than this per peer: a leader that floods is as broken as one that is silent. */
export const HEARTBEATS_PER_SECOND_MAX = 30;

const APPEND = 'Raft figure 2, AppendEntries RPC (heartbeat); §5.2';

/** Makes n1 leader of the next term: its timer runs out, the puppets vote for it. */
function elect(h: Harness): number {
  const term = campaign(h);
  for (const p of h.peers) h.voteReply(p, term, true);
  h.expectRole('LEADER', term, 'After its election timer fired and every peer voted for it');
  return term;
}

function showReply(reply: { term: number; success: boolean } | undefined): string {
  return reply ? `{ term: ${reply.term}, success: ${reply.success} }` : 'no reply';
}

function heartbeats(messages: Message[]): Message[] {
  return messages.filter((m) => m.kind === 'Heartbeat');
}

/** Checks the gap and rate bounds of heartbeats from n1 to every peer within [from, to]. */
function checkRate(ctx: RunContext, h: Harness, sent: Message[], from: number, to: number, when = ''): void {
  for (const peer of h.peers) {
    const times = sent.filter((m) => m.to === peer).map((m) => m.sentAt);
    const points = [from, ...times, to];
    for (let i = 1; i < points.length; i++) {
      const gap = points[i]! - points[i - 1]!;
      ctx.checkAt(h.sim, gap <= HEARTBEAT_MAX_GAP, `The leader left ${peer} without a heartbeat for ${roundMs(gap)} ms (from t=${roundMs(points[i - 1]!)}ms): a follower must hear from its leader at least every ${HEARTBEAT_MAX_GAP} ms or it will time out and start an election.`, `gaps <= ${HEARTBEAT_MAX_GAP} ms`, `${roundMs(gap)} ms`);
    }
    for (const start of times) {
      const inWindow = times.filter((t) => t >= start && t < start + 1000).length;
      if (start + 1000 > to) break;
      ctx.checkAt(h.sim, inWindow <= HEARTBEATS_PER_SECOND_MAX, `The leader sent ${peer} ${inWindow} heartbeats in one second from t=${roundMs(start)}ms${when ? ` ${when}` : ''}: more than ${HEARTBEATS_PER_SECOND_MAX} means a heartbeat timer runs twice (an interval never cleared?) or too fast.`, `at most ${HEARTBEATS_PER_SECOND_MAX} per second (one every ${HEARTBEAT_INTERVAL} ms gives 20)`, `${inWindow}`);
    }
  }
}

export const heartbeatSuite: Suite = {
  exercise: '04-heartbeats',
  title: 'Leading: heartbeats',
  kind: 'node',
  tests: [
    {
      id: '04.1',
      name: 'a follower accepts a heartbeat of its term and resets its election timer',
      section: `${APPEND}; figure 2, Followers rule 2`,
      runs: 5,
      run(ctx) {
        // Behaviour: while heartbeats come every 100 ms there is no election; after the last one,
        // none for 150 ms and one within 310 ms.
        const h = ctx.single({ persisted: { n1: { currentTerm: 2, votedFor: null } } });
        let last = 0;
        for (let at = 100; at <= 600; at += 100) {
          expectNoElection(h, last, 2, at, last === 0 ? 'Before any heartbeat (n1 booted at t=0ms)' : `After the heartbeat of t=${last}ms`);
          const reply = h.heartbeat('p2', 2);
          ctx.checkAt(h.sim, reply?.term === 2 && reply.success === true, 'A heartbeat from the leader of the current term is accepted.', '{ term: 2, success: true }', showReply(reply));
          h.expectRole('FOLLOWER', 2, `After p2's heartbeat of term 2 at t=${at}ms`);
          last = at;
        }
        expectElectionWindow(h, last, 2, `p2 (leader of term 2) sent heartbeats every 100 ms until t=${last}ms, then went silent`);
      },
    },
    {
      id: '04.2',
      name: 'adopts a higher term from a heartbeat and forgets its old vote',
      section: `${APPEND}; figure 2, All Servers rule 2`,
      runs: 5,
      run(ctx) {
        const h = ctx.single({ persisted: { n1: { currentTerm: 2, votedFor: 'p3' } } });
        const reply = h.heartbeat('p2', 5);
        ctx.checkAt(h.sim, reply?.term === 5 && reply.success === true, 'A heartbeat of a higher term is accepted after adopting that term.', '{ term: 5, success: true }', showReply(reply));
        h.expectRole('FOLLOWER', 5, 'After a heartbeat of term 5');
        ctx.checkAt(h.sim, h.node.votedFor === null, 'A newly adopted term starts without a vote.', 'votedFor null', JSON.stringify(h.node.votedFor));
      },
    },
    {
      id: '04.3',
      name: 'a candidate steps down on a heartbeat of its own term',
      section: '§5.2 ("the candidate recognizes the leader as legitimate")',
      runs: 5,
      run(ctx) {
        const h = ctx.single({ size: 5 });
        campaign(h, 'When its election timer runs out');
        const reply = h.heartbeat('p2', 1);
        ctx.checkAt(h.sim, reply?.term === 1 && reply.success === true, 'The candidate accepts the heartbeat of the leader elected in its term.', '{ term: 1, success: true }', showReply(reply));
        h.expectRole('FOLLOWER', 1, 'After a heartbeat from p2, leader of term 1');
        ctx.checkAt(h.sim, h.node.votedFor === 'n1', 'Its vote in term 1 (for itself) stands: a vote is never taken back within a term.', 'votedFor "n1"', JSON.stringify(h.node.votedFor));
      },
    },
    {
      id: '04.4',
      name: 'rejects a stale heartbeat with its current term, changing nothing (state, vote, timer)',
      section: `${APPEND}, rule 1; figure 2, Followers rule 2`,
      runs: 5,
      run(ctx) {
        const h = ctx.single({ size: 5, persisted: { n1: { currentTerm: 5, votedFor: 'p3' } } });
        // A deposed leader keeps sending heartbeats of its old term every 40 ms.
        while (h.node.state !== 'CANDIDATE') {
          if (h.sim.now >= ELECTION_LATEST) ctx.failAt(h.sim, `n1 booted at t=0ms in term 5 and heard only stale heartbeats (term 3, every 40 ms): it did not start an election by t=${ELECTION_LATEST}ms. A stale heartbeat must not reset the election timer, or a deposed leader keeps the cluster from electing.`, `an election by t=${ELECTION_LATEST}ms`, `${h.node.state} in term ${h.node.term}`);
          h.advance(1);
          if (h.sim.now % 40 !== 0 || (h.node.state as string) === 'CANDIDATE') continue;
          const reply = h.heartbeat('p2', 3);
          ctx.checkAt(h.sim, reply?.term === 5 && reply.success === false, 'A heartbeat from a deposed leader (term 3) is refused with the current term, so that leader learns to step down.', '{ term: 5, success: false }', showReply(reply));
          ctx.checkAt(h.sim, h.node.state === 'FOLLOWER' && h.node.term === 5 && h.node.votedFor === 'p3', 'A stale heartbeat changes nothing: n1 stays FOLLOWER of term 5 and keeps its vote for p3.', 'FOLLOWER in term 5, votedFor "p3"', `${h.node.state} in term ${h.node.term}, votedFor ${JSON.stringify(h.node.votedFor)}`);
        }
        const term = h.node.term;
        const reply = h.heartbeat('p2', term - 1);
        ctx.checkAt(h.sim, reply?.term === term && reply.success === false, `A candidate of term ${term} refuses a heartbeat of term ${term - 1}.`, `{ term: ${term}, success: false }`, showReply(reply));
        ctx.checkAt(h.sim, h.node.state === 'CANDIDATE' && h.node.term === term && h.node.votedFor === 'n1', `A stale heartbeat does not make a candidate give up: n1 stays CANDIDATE of term ${term} with its own vote.`, `CANDIDATE in term ${term}, votedFor "n1"`, `${h.node.state} in term ${h.node.term}, votedFor ${JSON.stringify(h.node.votedFor)}`);
      },
    },
    {
      id: '04.5',
      name: 'a new leader sends a heartbeat to every peer at once',
      section: '§5.2 ("sends heartbeat messages to all of the other servers to establish its authority")',
      runs: 5,
      run(ctx) {
        const h = ctx.single({ size: 5 });
        const term = campaign(h);
        h.sent();
        h.voteReply('p2', term, true);
        const wonAt = h.sim.now;
        h.voteReply('p3', term, true);
        const beats = heartbeats(h.sent()).filter((m) => m.sentAt === wonAt);
        const peers = [...new Set(beats.map((m) => m.to))].sort();
        ctx.checkAt(h.sim, peers.join() === h.peers.join() && beats.every((m) => m.body.term === term && m.body.leaderId === 'n1'), 'On winning, the leader immediately sends a heartbeat { term, leaderId } to every peer.', h.peers.map((p) => `${p}: { term: ${term}, leaderId: "n1" }`).join(', '), beats.map((m) => `${m.to}: ${JSON.stringify(m.body)}`).join(', ') || 'nothing at the moment it won');
      },
    },
    {
      id: '04.6',
      name: `a leader sends every peer a heartbeat at least every ${HEARTBEAT_MAX_GAP} ms and at most ${HEARTBEATS_PER_SECOND_MAX} per second`,
      section: '§5.2, §5.6 (broadcastTime << electionTimeout)',
      runs: 5,
      run(ctx) {
        const h = ctx.single({ size: 3 });
        const peers = new Peers(h);
        elect(h);
        const from = h.sim.now;
        peers.advance(1500);
        checkRate(ctx, h, peers.since(from, 'Heartbeat'), from, h.sim.now - 2);
      },
    },
    {
      id: '04.7',
      name: 'a leader steps down when a heartbeat reply carries a higher term',
      section: 'Raft figure 2, All Servers rule 2; §5.1',
      runs: 5,
      run(ctx) {
        const h = ctx.single({ size: 3 });
        elect(h);
        h.heartbeatReply('p2', 7, false);
        h.expectRole('FOLLOWER', 7, 'The leader of term 1 got a heartbeat reply with term 7');
        ctx.checkAt(h.sim, h.node.votedFor === null && h.sim.persisted('n1')?.currentTerm === 7, 'It adopts term 7, with no vote yet, and persists it.', 'votedFor null, persisted term 7', `votedFor ${JSON.stringify(h.node.votedFor)}, persisted ${JSON.stringify(h.sim.persisted('n1'))}`);
      },
    },
    {
      id: '04.8',
      name: 'a leader deposed by any path (RequestVote, heartbeat, or a reply) stops its heartbeats and campaigns again if no leader shows up',
      section: 'Raft figure 2, All Servers rule 2; §5.1, §5.2',
      runs: 5,
      run(ctx) {
        const paths: [string, (h: Harness, term: number) => void][] = [
          ['a RequestVote from p2 for term {T}', (h, t) => void h.requestVote('p2', { term: t })],
          ['a heartbeat from p2, leader of term {T}', (h, t) => void h.heartbeat('p2', t)],
          ['a heartbeat reply from p2 carrying term {T}', (h, t) => h.heartbeatReply('p2', t, false)],
          ['a late vote reply from p3 carrying term {T}', (h, t) => h.voteReply('p3', t, false)],
        ];
        for (const [how, depose] of paths) {
          const h = ctx.single({ size: 3 });
          const peers = new Peers(h);
          const term = elect(h);
          peers.advance(120);
          const newTerm = term + 2;
          const path = how.replace('{T}', String(newTerm));
          depose(h, newTerm);
          const deposedAt = h.sim.now;
          const n = h.node;
          ctx.checkAt(h.sim, n.state === 'FOLLOWER' && n.term === newTerm, `n1, leader of term ${term}, was deposed at t=${roundMs(deposedAt)}ms by ${path}: it must step down to FOLLOWER of term ${newTerm}, but it is still ${n.state} of term ${n.term}.`, `FOLLOWER in term ${newTerm}`, `${n.state} in term ${n.term}`);
          peers.answerHeartbeats = false;
          peers.advance(140);
          const late = peers.since(deposedAt, 'Heartbeat').filter((m) => m.sentAt > deposedAt);
          ctx.checkAt(h.sim, late.length === 0, `n1 was deposed at t=${roundMs(deposedAt)}ms by ${path}, yet it kept sending heartbeats: every path that ends leadership must stop the heartbeat timer (clear the interval).`, 'no heartbeats after stepping down', late.slice(0, 6).map((m) => `to ${m.to} at t=${roundMs(m.sentAt)}ms, term ${m.body.term}`).join('; '));
          awaitElection(h, deposedAt, newTerm, `n1 was deposed at t=${roundMs(deposedAt)}ms by ${path} and heard nothing since`);
          // Re-elected, it must run one heartbeat timer, not the old one too.
          for (const p of h.peers) h.voteReply(p, h.node.term, true);
          h.expectRole('LEADER', newTerm + 1, `Deposed by ${path}, then re-elected`);
          peers.answerHeartbeats = true;
          const from = h.sim.now;
          peers.advance(1100);
          checkRate(ctx, h, peers.since(from, 'Heartbeat'), from, h.sim.now - 2, `after it was deposed by ${path} and re-elected`);
        }
      },
    },
    {
      id: '04.9',
      name: 're-elected after stepping down, a leader still sends at the bounded rate (the old interval was cleared)',
      section: '§5.2; the seed code never clears its heartbeat interval',
      runs: 5,
      run(ctx) {
        const h = ctx.single({ size: 3 });
        const peers = new Peers(h);
        elect(h);
        peers.advance(100);
        const term = h.node.term;
        h.heartbeatReply('p2', term + 1, false); // deposed
        h.expectRole('FOLLOWER', term + 1, 'After a reply with a higher term');
        elect(h);
        const from = h.sim.now;
        peers.advance(1200);
        checkRate(ctx, h, peers.since(from, 'Heartbeat'), from, h.sim.now - 2);
      },
    },
    {
      id: '04.10',
      name: 'a crashed leader sends nothing; it restarts as a follower with its persisted term and vote',
      section: 'Raft §5.2 (servers start as followers); figure 2 persistent state',
      runs: 5,
      run(ctx) {
        const h = ctx.single({ size: 3 });
        const term = elect(h);
        h.advance(75);
        h.sim.crash('n1');
        h.sent();
        h.advance(300);
        const whileDown = h.sent();
        ctx.checkAt(h.sim, whileDown.length === 0, 'A crashed node sends nothing.', 'no messages', `${whileDown.length} messages`);
        h.sim.restart('n1');
        ctx.ensure(h.sim);
        h.expectRole('FOLLOWER', term, 'Just after the restart');
        ctx.checkAt(h.sim, h.node.votedFor === 'n1', 'Its vote in that term (for itself) must survive the crash.', 'votedFor "n1"', JSON.stringify(h.node.votedFor));
        h.advance(140);
        const beats = heartbeats(h.sent());
        ctx.checkAt(h.sim, beats.length === 0, 'A restarted node is a follower: it sends no heartbeats.', 'no heartbeats', `${beats.length} heartbeats`);
      },
    },
    {
      id: '04.11',
      name: 'a leader keeps leading when followers accept its heartbeats (a reply of its own term is no reason to step down)',
      section: 'Raft figure 2, All Servers rule 2 (only a higher term deposes)',
      runs: 5,
      run(ctx) {
        const h = ctx.single({ size: 3 });
        const term = elect(h);
        h.heartbeatReply('p2', term, true);
        h.heartbeatReply('p3', term, true);
        h.heartbeatReply('p2', term - 1, false); // a late reply from an earlier term
        h.expectRole('LEADER', term, 'After replies of its own term and an older one');
      },
    },
    {
      id: '04.12',
      name: 'votes that arrive after winning do not start a second heartbeat timer',
      section: '§5.2 (a leader takes office once per term); the bounds of 04.6',
      runs: 5,
      run(ctx) {
        const h = ctx.single({ size: 5 });
        const peers = new Peers(h);
        const term = campaign(h);
        for (const p of ['p2', 'p3', 'p4', 'p5', 'p2', 'p5']) h.voteReply(p, term, true);
        h.expectRole('LEADER', term, 'All four peers voted, two of them twice');
        const from = h.sim.now;
        peers.advance(1200);
        checkRate(ctx, h, peers.since(from, 'Heartbeat'), from, h.sim.now - 2);
      },
    },
  ],
};
