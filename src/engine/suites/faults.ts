// Exercise 05: the exam of the whole node, under faults. Ports of MIT 6.5840's 3A election tests,
// the seed's split-brain scenario, crash-restart, loss/duplication/reordering, the zombie leader,
// randomized fault schedules with liveness checked once the faults stop, and the rule checks of
// 02-04 re-run on the whole node. A Watch checks the rules of 02-04 on every node of every cluster
// run as events happen (heartbeats only from the leader, heartbeat rate, election timeouts, votes).
import type { NodeId } from '../contract/raft';
import { roundMs, type ClusterOptions, type RunContext } from '../grader/context';
import { Failure } from '../grader/failure';
import type { Suite, TestCase } from '../grader/types';
import type { Simulation } from '../sim/simulator';
import { electionSuite } from './election';
import { heartbeatSuite } from './heartbeats';
import { requestVoteSuite } from './request-vote';
import { Watch } from './watch';

/** Once a majority is connected and faults stop, a single leader must exist within this time. */
export const LIVENESS_BOUND = 2000;
/** ...and then hold: no term changes anywhere for this long. */
export const STABLE_PERIOD = 1500;

type Group = readonly NodeId[];

const watches = new WeakMap<Simulation, Watch>();

/** A cluster of learner nodes, watched. */
function cluster(ctx: RunContext, options: ClusterOptions): Simulation {
  const sim = ctx.cluster(options);
  watches.set(sim, new Watch(ctx, sim));
  return sim;
}

/** Leaders among `group` (running nodes that believe they lead), highest term first. */
function leadersIn(sim: Simulation, group: Group): { node: NodeId; term: number }[] {
  return sim.leaders().filter((l) => group.includes(l.node)).sort((a, b) => b.term - a.term);
}

function watchOf(sim: Simulation): Watch {
  return watches.get(sim)!;
}

/** Runs to virtual time `until` in 10 ms steps, the watch checking each step. */
function runUntil(ctx: RunContext, sim: Simulation, until: number): void {
  const w = watchOf(sim);
  while (sim.now < until) {
    ctx.runUntil(sim, Math.min(until, sim.now + 10));
    w.scan();
  }
}

function runFor(ctx: RunContext, sim: Simulation, ms: number): void {
  runUntil(ctx, sim, sim.now + ms);
}

/** Runs until `predicate` holds (checked every ms), or fails after `limit` ms showing every node of `group`. */
function waitFor(ctx: RunContext, sim: Simulation, group: Group, limit: number, predicate: () => boolean, message: string, expected: string): number {
  const start = sim.now;
  const w = watchOf(sim);
  while (!predicate()) {
    if (sim.now - start >= limit) ctx.failAt(sim, `${message} (Each node at t=${roundMs(sim.now)}ms is under "observed".)`, expected, w.describe(group));
    runFor(ctx, sim, 1); // scans the watch at its end
  }
  return sim.now;
}

/** Waits until `group` has exactly one leader in its highest term, and every running member knows that term. */
function awaitLeader(ctx: RunContext, sim: Simulation, group: Group, limit: number, why: string, bound = limit): NodeId {
  let leader: NodeId | null = null;
  waitFor(ctx, sim, group, limit, () => {
    const ls = leadersIn(sim, group);
    if (ls.length === 0) return false;
    const top = ls[0]!;
    if (ls.length > 1 && ls[1]!.term === top.term) return false; // election safety catches it anyway
    // Polled every millisecond: read the runtimes, not view() copies.
    for (const id of group) {
      const rt = sim.rt(id);
      if (rt.alive && !rt.paused && rt.last.term !== top.term) return false;
    }
    if (ls.length > 1) return false; // a stale leader still believes it leads in this group
    leader = top.node;
    return true;
  }, `${why}: no single leader that all of ${group.join(', ')} follow within ${bound} ms.`, `one LEADER of the highest term; every other running node of ${group.join(', ')} in that term`);
  return leader!;
}

/** Runs `ms` and fails if any node of `group` changes term or a different leader appears. */
function expectStable(ctx: RunContext, sim: Simulation, group: Group, ms: number, why: string): void {
  const terms = group.map((id) => sim.view(id).term);
  const leader = leadersIn(sim, group)[0];
  const end = sim.now + ms;
  const w = watchOf(sim);
  while (sim.now < end) {
    runFor(ctx, sim, 10);
    w.scan();
    const now = group.map((id) => sim.view(id).term);
    const changed = group.filter((_, i) => now[i] !== terms[i]);
    if (changed.length) ctx.failAt(sim, `${why}: terms changed on ${changed.join(', ')} although nothing failed. A healthy cluster with a leader holds no elections.`, `terms stay ${group.map((id, i) => `${id}: ${terms[i]}`).join(', ')}`, w.describe(group));
    const l = leadersIn(sim, group)[0];
    if (l?.node !== leader?.node) ctx.failAt(sim, `${why}: the leader changed without a fault.`, `${leader?.node} leads`, w.describe(group));
  }
  const unsettled = group.filter((id) => id !== leader?.node && sim.view(id).alive && sim.view(id).state !== 'FOLLOWER');
  ctx.checkAt(sim, unsettled.length === 0, `${why}: ${ms} ms after ${leader?.node} became the stable leader, ${unsettled.join(', ')} ${unsettled.length > 1 ? 'are' : 'is'} still not FOLLOWER. Every node other than the leader must settle as its follower (a candidate yields to a heartbeat of its term).`, `${leader?.node} LEADER, every other node FOLLOWER`, w.describe(group));
}

/** Timers armed before the faults stopped may still fire once; elections they start must settle. */
const SETTLE = 500;

/**
 * Liveness once faults stop (time F): by F + LIVENESS_BOUND one leader that every node follows,
 * then no term change for STABLE_PERIOD.
 */
function expectRecovery(ctx: RunContext, sim: Simulation, why: string): void {
  const stoppedAt = sim.now;
  runFor(ctx, sim, SETTLE);
  awaitLeader(ctx, sim, sim.ids, stoppedAt + LIVENESS_BOUND - sim.now, `${why} (faults stopped at t=${Math.round(stoppedAt)}ms)`, LIVENESS_BOUND);
  expectStable(ctx, sim, sim.ids, STABLE_PERIOD, `${why}, once a leader was in place`);
}

/** Asserts no node of `group` was elected leader after virtual time `since`. */
function expectNoLeaderElected(ctx: RunContext, sim: Simulation, group: Group, since: number, why: string): void {
  const elected = sim.leadershipLog.filter((e) => e.time > since && group.includes(e.node));
  ctx.checkAt(sim, elected.length === 0, why, 'no leader elected', elected.map((e) => `${e.node} in term ${e.term} at t=${Math.round(e.time)}ms`).join(', '));
}

/**
 * The election restriction (§5.4.1) over four elections: n1 and n2 hold log `behind`, n3-n5 a log
 * ending in term 2 at index 5; whoever leads is crashed and restarted, and n1, n2 must never win.
 */
function neverElectedBehind(ctx: RunContext, behind: { lastLogIndex: number; lastLogTerm: number }, why: string): void {
  const ahead = { lastLogIndex: 5, lastLogTerm: 2 };
  const sim = cluster(ctx, { size: 5, logs: { n1: behind, n2: behind, n3: ahead, n4: ahead, n5: ahead } });
  for (let round = 0; round < 4; round++) {
    const leader = awaitLeader(ctx, sim, sim.ids, LIVENESS_BOUND, `Round ${round + 1}`);
    const bad = sim.leadershipLog.find((e) => e.node === 'n1' || e.node === 'n2');
    ctx.checkAt(sim, !bad, why, 'leaders only among n3, n4, n5', bad ? `${bad.node} won term ${bad.term}` : '');
    sim.crash(leader);
    runFor(ctx, sim, 400);
    sim.restart(leader);
    ctx.ensure(sim);
  }
}

function others(all: Group, except: Group): NodeId[] {
  return all.filter((id) => !except.includes(id));
}

/** Re-runs every rule test of an earlier exercise on the whole node: 05 is the exam of all of them. */
function exam(id: string, name: string, suite: Suite): TestCase {
  return {
    id,
    name,
    section: `the rules of exercise ${suite.exercise} (${suite.tests[0]!.id}-${suite.tests.at(-1)!.id}), on the whole node`,
    runs: 1,
    run(ctx) {
      for (const test of suite.tests) {
        try {
          test.run(ctx);
        } catch (error) {
          if (!(error instanceof Failure)) throw error;
          throw new Failure(`${test.id} (${test.name}): ${error.message}`, error.expected, error.observed, error.rule, error.time, error.eventIndex, error.stack2);
        }
      }
    },
  };
}

export const faultsSuite: Suite = {
  exercise: '05-faults',
  title: 'Elections under faults',
  kind: 'node',
  tests: [
    {
      id: '05.1',
      name: 'three nodes elect one leader and keep it while nothing fails',
      section: 'MIT 6.5840 3A TestInitialElection; Raft §5.2',
      runs: 20,
      run(ctx) {
        const sim = cluster(ctx, { size: 3 });
        awaitLeader(ctx, sim, sim.ids, LIVENESS_BOUND, 'A fresh 3-node cluster');
        expectStable(ctx, sim, sim.ids, 2000, 'With no faults');
      },
    },
    {
      id: '05.2',
      name: 'a new leader is elected when the leader is cut off; the old one rejoins as follower; no quorum, no leader',
      section: 'MIT 6.5840 3A TestReElection; Raft §5.2',
      runs: 15,
      run(ctx) {
        const sim = cluster(ctx, { size: 3 });
        const all = sim.ids;
        const first = awaitLeader(ctx, sim, all, LIVENESS_BOUND, 'A fresh 3-node cluster');
        sim.partition([[first], others(all, [first])]);
        awaitLeader(ctx, sim, others(all, [first]), LIVENESS_BOUND, `After cutting off the leader ${first}`);
        sim.heal();
        const third = awaitLeader(ctx, sim, all, LIVENESS_BOUND, `After ${first} rejoined`);
        ctx.checkAt(sim, third !== first || sim.view(first).term > 1, 'The old leader must not come back as leader of its old term.', 'a leader of a newer term', `${third} in term ${sim.view(third).term}`);
        // Cut off the leader and one more: the single node left has no majority.
        const lone = others(all, [third])[0]!;
        const cutAt = sim.now;
        sim.partition(all.map((id) => [id]));
        runFor(ctx, sim, 2000);
        expectNoLeaderElected(ctx, sim, all, cutAt, 'With every node isolated, no node has a majority: nobody may be elected.');
        sim.partition([[lone, third], others(all, [lone, third])]);
        awaitLeader(ctx, sim, [lone, third], LIVENESS_BOUND, 'After two of three nodes reconnect');
        sim.heal();
        awaitLeader(ctx, sim, all, LIVENESS_BOUND, 'After everything reconnects');
      },
    },
    {
      id: '05.3',
      name: 'seven nodes keep electing leaders while three random nodes are cut off, again and again',
      section: 'MIT 6.5840 3A TestManyElections',
      runs: 8,
      run(ctx) {
        const sim = cluster(ctx, { size: 7 });
        const all = sim.ids;
        awaitLeader(ctx, sim, all, LIVENESS_BOUND, 'A fresh 7-node cluster');
        for (let round = 0; round < 6; round++) {
          const cut = ctx.rng.shuffle(all).slice(0, 3);
          const rest = others(all, cut);
          sim.partition([rest, ...cut.map((id) => [id])]);
          awaitLeader(ctx, sim, rest, LIVENESS_BOUND, `Round ${round + 1}: with ${cut.join(', ')} cut off, the other four`);
          sim.heal();
        }
        awaitLeader(ctx, sim, all, LIVENESS_BOUND, 'After the last heal');
      },
    },
    {
      id: '05.4',
      name: 'split brain: a 2-node minority never elects a leader; the 3-node majority keeps one; on heal exactly one remains',
      section: 'The seed scenario (US-East 2 nodes / US-West 3 nodes); Raft §5.2, §5.4',
      runs: 15,
      run(ctx) {
        const sim = cluster(ctx, { size: 5 });
        const all = sim.ids;
        const leader = awaitLeader(ctx, sim, all, LIVENESS_BOUND, 'A fresh 5-node cluster');
        const east = ctx.rng.shuffle(others(all, [leader])).slice(0, 2);
        const west = others(all, east);
        const cutAt = sim.now;
        sim.partition([east, west]);
        runFor(ctx, sim, 3000);
        expectNoLeaderElected(ctx, sim, east, cutAt, `US-East (${east.join(', ')}) has 2 of 5 votes at most: it must never elect a leader.`);
        const westLeaders = leadersIn(sim, west);
        ctx.checkAt(sim, westLeaders.length === 1 && westLeaders[0]!.node === leader, `US-West (${west.join(', ')}) holds a majority and its leader ${leader} keeps heartbeating: it must stay leader.`, `${leader} leads`, westLeaders.map((l) => `${l.node}@${l.term}`).join(', ') || 'no leader');
        sim.heal();
        expectRecovery(ctx, sim, 'After the partition heals');
      },
    },
    {
      id: '05.5',
      name: 'an old leader cut off in a minority is replaced, and steps down when the partition heals',
      section: 'Raft §5.2, §5.4; lesson "Split brain and partitions"',
      runs: 15,
      run(ctx) {
        const sim = cluster(ctx, { size: 5 });
        const all = sim.ids;
        const old = awaitLeader(ctx, sim, all, LIVENESS_BOUND, 'A fresh 5-node cluster');
        const oldTerm = sim.view(old).term;
        const minority = [old, ctx.rng.pick(others(all, [old]))];
        const majoritySide = others(all, minority);
        sim.partition([minority, majoritySide]);
        const fresh = awaitLeader(ctx, sim, majoritySide, LIVENESS_BOUND, `With ${old} cut off with one follower`);
        ctx.checkAt(sim, sim.view(fresh).term > oldTerm, 'The new leader is elected in a higher term.', `term > ${oldTerm}`, `term ${sim.view(fresh).term}`);
        sim.heal();
        waitFor(ctx, sim, all, 500, () => sim.view(old).state !== 'LEADER', `${old}, deposed while cut off, must step down within 500 ms of the heal (at its first exchange with a node of the newer term), but it is still LEADER of term ${oldTerm}.`, `${old} no longer LEADER by t=${roundMs(sim.now + 500)}ms`);
        awaitLeader(ctx, sim, all, LIVENESS_BOUND, 'After the heal');
      },
    },
    {
      id: '05.6',
      name: 'one-way link failures: a leader that cannot be heard is replaced and steps down',
      section: 'Raft §5.2; Jepsen-style asymmetric partitions',
      runs: 10,
      run(ctx) {
        const sim = cluster(ctx, { size: 5 });
        const all = sim.ids;
        const old = awaitLeader(ctx, sim, all, LIVENESS_BOUND, 'A fresh 5-node cluster');
        for (const id of others(all, [old])) sim.cut(old, id); // it hears everyone; nobody hears it
        const rest = others(all, [old]);
        waitFor(ctx, sim, all, LIVENESS_BOUND, () => leadersIn(sim, rest).length === 1, `The followers stopped hearing their leader ${old}: one of them must be elected within ${LIVENESS_BOUND} ms.`, `one leader among ${rest.join(', ')}`);
        const electedAt = sim.now;
        waitFor(ctx, sim, all, 500, () => sim.view(old).state !== 'LEADER', `${old} still hears the new leader's heartbeats: it must step down within 500 ms of its successor's election (t=${roundMs(electedAt)}ms), but it is still LEADER.`, `${old} no longer LEADER`);
        sim.heal();
        awaitLeader(ctx, sim, all, LIVENESS_BOUND, 'After the links are repaired');
      },
    },
    {
      id: '05.7',
      name: 'a node that crashes and restarts never votes twice in a term, and elections still succeed',
      section: 'Raft figure 2, persistent state; §5.2',
      runs: 15,
      run(ctx) {
        const sim = cluster(ctx, { size: 5 });
        const all = sim.ids;
        for (let t = 0; t < 3000; t += ctx.rng.int(40, 200)) {
          runUntil(ctx, sim, t);
          const victim = ctx.rng.pick(all);
          if (sim.view(victim).alive) sim.crash(victim);
          else sim.restart(victim);
          ctx.ensure(sim);
          const down = all.filter((id) => !sim.view(id).alive);
          if (down.length > 2) {
            sim.restart(down[0]!);
            ctx.ensure(sim);
          }
        }
        for (const id of all) if (!sim.view(id).alive) sim.restart(id);
        ctx.ensure(sim);
        expectRecovery(ctx, sim, 'After the crashes stop and every node is back');
      },
    },
    {
      id: '05.8',
      name: 'elections stay safe and live with lost, duplicated and reordered messages',
      section: 'Raft §5.1 (servers retry RPCs that get no response), §5.5 (RPCs are idempotent); the network loses, duplicates and reorders',
      runs: 15,
      run(ctx) {
        const sim = cluster(ctx, { size: 5, network: { requestDropRate: 0.15, replyDropRate: 0.15, duplicateRate: 0.15, tailProbability: 0.15, tailDelay: 60 } });
        runFor(ctx, sim, 4000);
        ctx.checkAt(sim, sim.leadershipLog.length > 0, 'Despite 15% loss, a leader must be elected within 4 s.', 'at least one election won', 'none');
        sim.setNetwork({ requestDropRate: 0, replyDropRate: 0, duplicateRate: 0, tailProbability: 0 });
        expectRecovery(ctx, sim, 'After the network calms down');
      },
    },
    {
      id: '05.9',
      name: 'the zombie leader: a paused leader resumes, and steps down at its first contact',
      section: 'Lesson "Fencing tokens"; Raft §5.1 (a leader that learns of a newer term reverts to follower)',
      runs: 15,
      run(ctx) {
        const sim = cluster(ctx, { size: 5 });
        const all = sim.ids;
        const zombie = awaitLeader(ctx, sim, all, LIVENESS_BOUND, 'A fresh 5-node cluster');
        const oldTerm = sim.view(zombie).term;
        sim.pause(zombie); // a long stop-the-world GC pause
        const rest = others(all, [zombie]);
        const fresh = awaitLeader(ctx, sim, rest, LIVENESS_BOUND, `While ${zombie} is paused`);
        runFor(ctx, sim, ctx.rng.int(0, 500));
        sim.resume(zombie);
        ctx.checkAt(sim, sim.view(zombie).state === 'LEADER' && sim.view(zombie).term === oldTerm, 'Scenario check: the resumed node still believes it leads its old term.', `LEADER of term ${oldTerm}`, `${sim.view(zombie).state} of term ${sim.view(zombie).term}`);
        waitFor(ctx, sim, all, 150, () => sim.view(zombie).state !== 'LEADER', `${zombie} resumed believing it leads term ${oldTerm}, but ${fresh} leads a newer term: it must step down within 150 ms (its next heartbeat's reply, or ${fresh}'s heartbeat, carries the newer term), but it is still LEADER of term ${oldTerm}.`, `${zombie} FOLLOWER of a newer term`);
        awaitLeader(ctx, sim, all, LIVENESS_BOUND, 'After the zombie stepped down');
      },
    },
    {
      id: '05.10',
      name: 'a node whose log is behind is never elected',
      section: 'Raft §5.4.1 (election restriction)',
      runs: 10,
      run(ctx) {
        neverElectedBehind(ctx, { lastLogIndex: 3, lastLogTerm: 1 }, 'n1 and n2 miss entries that n3-n5 hold: a majority refuses them, so they can never win.');
      },
    },
    {
      id: '05.11',
      name: 'random fault schedules: safety at every step; one stable leader once the faults stop',
      section: `Raft §5.2, §5.4; liveness bound ${LIVENESS_BOUND} ms, stable ${STABLE_PERIOD} ms`,
      runs: 200,
      run(ctx) {
        const rng = ctx.rng;
        const size = rng.pick([3, 5, 5, 7]);
        const sim = cluster(ctx, { size });
        const all = sim.ids;
        const faultsUntil = rng.int(1000, 2500);
        sim.setNetwork({ requestDropRate: rng.pick([0, 0.05, 0.2]), replyDropRate: rng.pick([0, 0.05, 0.2]), duplicateRate: rng.pick([0, 0.1]), tailProbability: rng.pick([0, 0.1]) });
        while (sim.now < faultsUntil) {
          runFor(ctx, sim, rng.int(20, 250));
          const victim = rng.pick(all);
          const v = sim.view(victim);
          switch (rng.int(0, 5)) {
            case 0:
              if (v.alive) sim.crash(victim);
              else sim.restart(victim);
              break;
            case 1:
              if (v.paused) sim.resume(victim);
              else sim.pause(victim);
              break;
            case 2: {
              const cut = rng.int(1, size - 1); // any split in two
              const shuffled = rng.shuffle(all);
              sim.partition([shuffled.slice(0, cut), shuffled.slice(cut)]);
              break;
            }
            case 3:
              sim.cut(victim, rng.pick(others(all, [victim])));
              break;
            default:
              sim.heal();
          }
          ctx.ensure(sim);
        }
        // Faults stop: everyone up, connected, calm. Liveness from here.
        sim.heal();
        sim.setNetwork({ requestDropRate: 0, replyDropRate: 0, duplicateRate: 0, tailProbability: 0 });
        for (const id of all) {
          if (!sim.view(id).alive) sim.restart(id);
          else if (sim.view(id).paused) sim.resume(id);
        }
        ctx.ensure(sim);
        expectRecovery(ctx, sim, `${size} nodes after random faults`);
      },
    },
    {
      id: '05.12',
      name: 'a node whose log is behind is never elected, even with a longer log whose last term is older',
      section: 'Raft §5.4.1 (election restriction: last terms first, then lengths)',
      runs: 10,
      run(ctx) {
        neverElectedBehind(ctx, { lastLogIndex: 9, lastLogTerm: 1 }, 'n1 and n2 hold more entries, but their last entry has term 1 while n3-n5 end in term 2: they are behind, and a majority must refuse them.');
      },
    },
    {
      id: '05.13',
      name: 'a deposed leader that hears the new term only in heartbeat replies steps down, and its stale heartbeats change nothing',
      section: 'Raft figure 2, All Servers rule 2 and AppendEntries rule 1; §5.1',
      runs: 15,
      run(ctx) {
        const sim = cluster(ctx, { size: 5 });
        const all = sim.ids;
        const old = awaitLeader(ctx, sim, all, LIVENESS_BOUND, 'A fresh 5-node cluster');
        const oldTerm = sim.view(old).term;
        const rest = others(all, [old]);
        for (const id of rest) sim.cut(id, old); // nothing reaches it: no news waits in its buffer
        sim.pause(old);
        const fresh = awaitLeader(ctx, sim, rest, LIVENESS_BOUND, `While ${old} is paused`);
        runFor(ctx, sim, 100);
        sim.heal();
        sim.cut(fresh, old); // the new leader's heartbeats and replies never reach it: only the followers' replies do
        const before = rest.map((id) => `${id}: ${sim.view(id).state} term ${sim.view(id).term}, votedFor ${sim.view(id).votedFor}`);
        sim.resume(old);
        ctx.checkAt(sim, sim.view(old).state === 'LEADER' && sim.view(old).term === oldTerm, 'Scenario check: the resumed node still believes it leads its old term.', `LEADER of term ${oldTerm}`, `${sim.view(old).state} of term ${sim.view(old).term}`);
        waitFor(ctx, sim, all, 150, () => sim.view(old).state !== 'LEADER', `${old} resumed as leader of term ${oldTerm}; the followers refuse its heartbeats with their newer term, and their replies are the only news it gets: it must step down within 150 ms of resuming, but it is still LEADER of term ${oldTerm}.`, `${old} FOLLOWER of term ${sim.view(fresh).term}`);
        ctx.checkAt(sim, sim.view(old).term === sim.view(fresh).term, `${old} must adopt the term the replies carry.`, `term ${sim.view(fresh).term}`, `term ${sim.view(old).term}`);
        const after = rest.map((id) => `${id}: ${sim.view(id).state} term ${sim.view(id).term}, votedFor ${sim.view(id).votedFor}`);
        ctx.checkAt(sim, after.join('; ') === before.join('; '), `Heartbeats of the stale term ${oldTerm} from ${old} must change nothing on the others: no step-down of ${fresh}, no new term, no changed vote.`, before.join('; '), after.join('; '));
        sim.heal();
        awaitLeader(ctx, sim, all, LIVENESS_BOUND, 'After the links are repaired');
      },
    },
    exam('05.14', "the voter's rules of exercise 02 hold for the whole node", requestVoteSuite),
    exam('05.15', "the candidate's rules of exercise 03 hold for the whole node", electionSuite),
    exam('05.16', "the leader's and follower's rules of exercise 04 hold for the whole node", heartbeatSuite),
  ],
};
