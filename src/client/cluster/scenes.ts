// The lessons' cluster scenes, scripted like The Secret Lives of Data: each is a short script on
// the real simulator, with the reference node, and captions timed to what actually happens in the
// run (the script waits for a leader, then acts on whoever won, and words its captions from the
// run). Computed at build time (Astro frontmatter, in Node) so lesson pages ship only the trace.
// A script that does not get the story it expects throws, so a change to the engine or the
// reference cannot silently ship a caption that lies. Tested in tests/cluster/scenes.test.ts.
import type { NodeId } from '../../engine/contract/raft';
import type { LearnerProgram } from '../../engine/sim/program';
import { Simulation } from '../../engine/sim/simulator';
import type { TraceEvent } from '../../engine/sim/trace';

export interface Caption {
  /** Virtual time (ms) from which the caption shows. */
  t: number;
  text: string;
}

export interface SceneRun {
  id: SceneId;
  title: string;
  nodes: NodeId[];
  trace: TraceEvent[];
  captions: Caption[];
  /** Where the scene ends (virtual ms). */
  until: number;
  seed: number;
  /** Names for partition groups (the split-brain scene's regions). */
  groupNames?: { name: string; nodes: NodeId[] }[];
  /** Facts the tests check the story against. */
  facts: Record<string, unknown>;
}

export const SCENE_IDS = ['class-president', 'split-brain', 'zombie-leader', 'stale-follower-read'] as const;
export type SceneId = (typeof SCENE_IDS)[number];

export const SCENE_TITLES: Record<SceneId, string> = {
  'class-president': 'Electing a class president',
  'split-brain': 'A partition between two regions',
  'zombie-leader': 'The zombie leader and its fencing token',
  'stale-follower-read': 'A follower read goes stale',
};

/** A script on one simulation: wait for things to happen, act, and caption them. */
class Script {
  readonly sim: Simulation;
  readonly captions: Caption[] = [];

  constructor(
    readonly id: SceneId,
    seed: number,
    nodes: NodeId[],
    program: LearnerProgram,
  ) {
    this.sim = new Simulation({ seed, nodes, program, record: true });
  }

  get now(): number {
    return this.sim.now;
  }

  say(text: string, t = this.sim.now): void {
    const last = this.captions[this.captions.length - 1];
    if (last && t < last.t) throw new Error(`scene ${this.id}: captions out of order at ${t}`);
    this.captions.push({ t, text });
  }

  /** Runs until `pred` holds (checked every virtual millisecond), or fails the build. */
  waitFor<T>(what: string, pred: () => T | null | undefined | false, within = 3000): T {
    const limit = this.sim.now + within;
    for (;;) {
      const got = pred();
      if (got) return got;
      if (this.sim.violation) throw new Error(`scene ${this.id}: the reference broke ${this.sim.violation.rule}: ${this.sim.violation.message}`);
      if (this.sim.now >= limit) throw new Error(`scene ${this.id}: ${what} did not happen within ${within} ms (t=${this.sim.now})`);
      this.sim.runUntil(this.sim.now + 1);
    }
  }

  wait(msToWait: number): void {
    this.sim.runUntil(this.sim.now + msToWait);
    if (this.sim.violation) throw new Error(`scene ${this.id}: the reference broke ${this.sim.violation.rule}`);
  }

  /** The trace events since index `from` matching a predicate. */
  eventsSince<T extends TraceEvent['type']>(from: number, type: T, pred: (e: Extract<TraceEvent, { type: T }>) => boolean = () => true) {
    return this.sim.trace.slice(from).filter((e): e is Extract<TraceEvent, { type: T }> => e.type === type && pred(e as Extract<TraceEvent, { type: T }>));
  }

  leader(among?: NodeId[]): { node: NodeId; term: number } | undefined {
    return this.sim.leaders().find((l) => !among || among.includes(l.node));
  }

  done(title: string, nodes: NodeId[], seed: number, facts: Record<string, unknown>): SceneRun {
    return { id: this.id, title, nodes, trace: this.sim.trace, captions: this.captions, until: this.sim.now, seed, facts };
  }
}

// ---------------------------------------------------------------- (a) lesson 1: the class president

function classPresident(program: LearnerProgram): SceneRun {
  const seed = 11;
  const nodes = ['Ana', 'Ben', 'Cleo', 'Dev', 'Eve'];
  const s = new Script('class-president', seed, nodes, program);
  s.say('Five students and no class president yet. Each one has an election timer, the arc around them, running down at its own random speed.', 0);

  const firstCandidate = s.waitFor('a first candidate', () => s.eventsSince(0, 'state', (e) => e.to === 'CANDIDATE')[0]);
  const c1 = firstCandidate.node;
  s.say(`${c1}'s timer ran out first. ${c1} stands for president: term 1, a vote for itself, and a vote request (◆) to everyone else.`, firstCandidate.t);
  const grant = s.waitFor('a granted vote', () => s.eventsSince(0, 'send', (e) => e.msg.kind === 'RequestVoteReply' && e.msg.body.voteGranted === true)[0]);
  s.say('Voting: each student grants one vote per term, to the first candidate of that term whose notes (log) are at least as complete as its own (✓ is a granted vote).', grant.t);
  const win = s.waitFor('a leader', () => s.eventsSince(0, 'state', (e) => e.to === 'LEADER')[0]);
  if (win.node !== c1 || win.term !== 1) throw new Error(`scene class-president: expected ${c1} to win term 1, got ${win.node} in term ${win.term}`);
  s.say(`Victory: ${c1} has votes from a majority, 3 of 5, and becomes president (leader) of term 1.`, win.t);
  s.wait(30);
  s.say(`Heartbeat: ${c1} keeps sending heartbeats (●). Each one resets the listener's timer, so nobody else campaigns while ${c1} is around.`);
  s.wait(330);

  const crashAt = s.now;
  s.sim.crash(c1);
  s.say(`${c1} falls asleep (crashes). Its heartbeats stop, and the others' timers are no longer reset.`, crashAt);
  const second = s.waitFor('a second candidate', () => s.eventsSince(0, 'state', (e) => e.to === 'CANDIDATE' && e.t > crashAt)[0]);
  s.say(`Succession: ${second.node}'s timer runs out first. It campaigns in term ${second.term}, a new era that makes ${c1}'s term 1 obsolete.`, second.t);
  const win2 = s.waitFor('a second leader', () => s.eventsSince(0, 'state', (e) => e.to === 'LEADER' && e.t > crashAt)[0]);
  s.say(`${win2.node} wins term ${win2.term} with a majority of the whole class, even though ${c1} is not there to vote.`, win2.t);
  s.wait(150);
  const restartAt = s.now;
  s.sim.restart(c1);
  s.say(`${c1} wakes up (restarts), remembering term 1 from its notebook (stable storage). It starts as a follower.`, restartAt);
  const adopted = s.waitFor(`${c1} adopting the new term`, () => s.eventsSince(0, 'term', (e) => e.node === c1 && e.t > restartAt)[0]);
  const cause = s.sim.trace.slice(0, adopted.i).reverse().find((e) => e.type === 'deliver' && e.to === c1);
  if (!cause || cause.type !== 'deliver' || cause.kind !== 'Heartbeat' || cause.from !== win2.node) throw new Error(`scene class-president: expected ${c1} to learn the new term from ${win2.node}'s heartbeat`);
  s.say(`${win2.node}'s next heartbeat carries term ${win2.term}: ${c1} adopts it and follows ${win2.node}. One president at a time.`, adopted.t);
  s.wait(200);
  return s.done(SCENE_TITLES['class-president'], nodes, seed, { firstLeader: c1, secondLeader: win2.node, secondTerm: win2.term, crashAt, restartAt });
}

// ---------------------------------------------------------------- (b) lesson 5: split brain between two regions

function splitBrain(program: LearnerProgram): SceneRun {
  const seed = 4;
  const east = ['E1', 'E2'];
  const west = ['W1', 'W2', 'W3'];
  const nodes = [...east, ...west];
  const s = new Script('split-brain', seed, nodes, program);
  s.say('Five servers: E1 and E2 in US-East, W1, W2 and W3 in US-West. First they elect a leader.', 0);
  const l = s.waitFor('a leader', () => s.leader());
  if (!west.includes(l.node)) throw new Error(`scene split-brain: the first leader (${l.node}) should be in West; pick another seed`);
  s.say(`${l.node} leads term ${l.term}. Its heartbeats reach all four followers.`);
  s.wait(250);

  const partAt = s.now;
  const partIndex = s.sim.trace.length;
  s.sim.partition([east, west]);
  s.say('The link between the regions fails. West has 3 of 5 servers, the leader among them; East has 2 of 5. The majority is 3.', partAt);
  const c = s.waitFor('an East candidate', () => s.eventsSince(partIndex, 'state', (e) => e.to === 'CANDIDATE' && east.includes(e.node))[0]);
  s.say(`${c.node} hears no heartbeats. After its election timeout it campaigns in term ${c.term}. Only ${east.find((e) => e !== c.node)} can answer: 2 votes, 3 needed.`, c.t);
  s.wait(700);
  const eastTerm = () => Math.max(...east.map((id) => s.sim.view(id).term));
  s.say(`East campaigns again and again: its terms keep rising (now ${eastTerm()}) and it never has a leader, so it accepts no writes. West carries on in term ${l.term}, with ${l.node} leading.`);
  s.wait(900);
  const termBeforeHeal = eastTerm();
  if (s.sim.view(l.node).state !== 'LEADER' || s.sim.view(l.node).term !== l.term) throw new Error('scene split-brain: the West leader should have kept its term');

  const healAt = s.now;
  const healIndex = s.sim.trace.length;
  s.sim.heal();
  s.say(`The link comes back. East has reached term ${termBeforeHeal}; West is still in term ${l.term}.`, healAt);
  const down = s.waitFor('the West leader stepping down', () => s.eventsSince(healIndex, 'state', (e) => e.node === l.node && e.from === 'LEADER')[0], 1000);
  // Who brought the news: the message with a higher term the leader received just before stepping down.
  const sent = new Map(s.sim.trace.filter((e) => e.type === 'send').map((e) => [(e as Extract<TraceEvent, { type: 'send' }>).msg.id, (e as Extract<TraceEvent, { type: 'send' }>).msg]));
  const news = s.eventsSince(healIndex, 'deliver', (e) => e.to === l.node && (sent.get(e.msg)?.term ?? 0) > l.term && e.t <= down.t)[0];
  const msg = news && sent.get(news.msg)!;
  if (!msg) throw new Error('scene split-brain: no higher-term message reached the West leader');
  const kind = msg.kind === 'RequestVote' ? 'vote request' : msg.kind === 'RequestVoteReply' ? 'vote reply' : msg.kind === 'Heartbeat' ? 'heartbeat' : 'heartbeat reply';
  const from = east.includes(msg.from) ? `${msg.from} (East)` : `${msg.from} (which had just heard East's term)`;
  s.say(`A ${kind} from ${from} reaches ${l.node} carrying term ${msg.term}, higher than ${l.term}: the healthy leader steps down. A disruptive rejoin: Pre-Vote exists to prevent it.`, down.t);
  const win = s.waitFor('a leader after the heal', () => s.eventsSince(healIndex, 'state', (e) => e.to === 'LEADER')[0], 2000);
  const note = east.includes(win.node)
    ? `This simulator keeps no log, so an East server can win here. In real Raft, once West had committed anything during the partition, its servers would refuse to vote for ${win.node}, whose log lacks it.`
    : 'In real Raft the East servers could not have won anyway if West committed anything during the partition: their logs would lack it.';
  s.say(`A new election: ${win.node} leads term ${win.term}. ${note}`, win.t);
  s.wait(250);
  const run = s.done(SCENE_TITLES['split-brain'], nodes, seed, { east, west, leader: l.node, leaderTerm: l.term, partAt, healAt, termBeforeHeal, newLeader: win.node, newTerm: win.term });
  return { ...run, groupNames: [{ name: 'US-East', nodes: east }, { name: 'US-West', nodes: west }] };
}

// ---------------------------------------------------------------- (c) lesson 6: the zombie leader and fencing tokens

function zombieLeader(program: LearnerProgram): SceneRun {
  const seed = 5;
  const nodes = ['n1', 'n2', 'n3', 'n4', 'n5'];
  const s = new Script('zombie-leader', seed, nodes, program);
  s.say('Five nodes elect a leader. The leader also writes to an external storage service (not simulated here), attaching its term as a fencing token.', 0);
  const l = s.waitFor('a leader', () => s.leader());
  s.say(`${l.node} leads term ${l.term}. Its writes carry token ${l.term}; the storage remembers the highest token it has accepted: ${l.term}.`);
  s.wait(200);

  const pauseAt = s.now;
  const pauseIndex = s.sim.trace.length;
  s.sim.pause(l.node);
  s.say(`${l.node} freezes: a long garbage-collection pause. Its clock and timers stop; messages to it wait in its buffer (❄).`, pauseAt);
  const c = s.waitFor('a candidate', () => s.eventsSince(pauseIndex, 'state', (e) => e.to === 'CANDIDATE')[0]);
  s.say(`To the others, a frozen leader looks dead. ${c.node}'s timer runs out: it campaigns in term ${c.term}.`, c.t);
  const l2 = s.waitFor('a new leader', () => s.eventsSince(pauseIndex, 'state', (e) => e.to === 'LEADER')[0]);
  s.say(`${l2.node} leads term ${l2.term}. Its first write carries token ${l2.term}: the storage now remembers ${l2.term}.`, l2.t);
  s.wait(300);

  const resumeAt = s.now;
  const resumeIndex = s.sim.trace.length;
  s.sim.resume(l.node);
  s.say(`${l.node} wakes up. For ${l.node} no time has passed: it still believes it leads term ${l.term}. A write it sends now carries token ${l.term} < ${l2.term}: the storage rejects it. That check, at the storage, is the fencing.`, resumeAt);
  const stepDown = s.waitFor('the zombie stepping down', () => s.eventsSince(resumeIndex, 'state', (e) => e.node === l.node && e.from === 'LEADER')[0], 1000);
  const staleSends = s.eventsSince(resumeIndex, 'send', (e) => e.msg.from === l.node && e.msg.term === l.term && e.t <= stepDown.t);
  // What told the zombie: the first message with a newer term it received after waking.
  const sent = new Map(s.sim.trace.filter((e) => e.type === 'send').map((e) => [(e as Extract<TraceEvent, { type: 'send' }>).msg.id, (e as Extract<TraceEvent, { type: 'send' }>).msg]));
  const news = s.eventsSince(resumeIndex, 'deliver', (e) => e.to === l.node && (sent.get(e.msg)?.term ?? 0) > l.term && e.t <= stepDown.t)[0];
  const told = news && sent.get(news.msg)!;
  const what = told ? `${told.from}'s ${told.kind === 'RequestVote' ? 'vote request' : told.kind === 'Heartbeat' ? 'heartbeat' : 'reply'} in term ${told.term}${told.sentAt < resumeAt ? ', which waited in its buffer,' : ''}` : `a message in term ${stepDown.term}`;
  const how = staleSends.length && (!told || staleSends[0]!.t < news!.t)
    ? `its stale heartbeats (term ${l.term}) are answered with term ${stepDown.term}`
    : `${what} reaches it`;
  s.say(`Inside Raft the zombie is harmless: ${how}, and ${l.node} steps down to follower in term ${stepDown.term}. Outside Raft, only the token protects the storage.`, stepDown.t);
  s.wait(300);
  return s.done(SCENE_TITLES['zombie-leader'], nodes, seed, { zombie: l.node, zombieTerm: l.term, newLeader: l2.node, newTerm: l2.term, pauseAt, resumeAt, stepDownAt: stepDown.t, staleSends: staleSends.length });
}

// ---------------------------------------------------------------- (d) lesson 10: a follower read goes stale

function staleFollowerRead(program: LearnerProgram): SceneRun {
  const seed = 9;
  const nodes = ['S1', 'S2', 'S3', 'S4', 'S5'];
  const s = new Script('stale-follower-read', seed, nodes, program);
  s.say('Five servers elect a leader. (This simulator elects leaders but keeps no log: the values of x below are the lesson\'s story, told alongside the real election.)', 0);
  const l = s.waitFor('a leader', () => s.leader());
  const f = nodes.find((id) => id !== l.node)!;
  const others = nodes.filter((id) => id !== l.node && id !== f);
  s.say(`${l.node} leads term ${l.term}. Every server has applied x = 2.`);
  s.wait(250);

  const partAt = s.now;
  const partIndex = s.sim.trace.length;
  s.sim.partition([[l.node, f], others]);
  s.say(`A partition: ${l.node} and its follower ${f} on one side, ${others.join(', ')} on the other.`, partAt);
  const l2 = s.waitFor('a new leader', () => s.eventsSince(partIndex, 'state', (e) => e.to === 'LEADER' && others.includes(e.node))[0]);
  s.say(`The majority side elects ${l2.node} in term ${l2.term}. In the story, ${l2.node} now commits x = 3 and acknowledges it to the client.`, l2.t);
  s.wait(120);
  const fView = s.sim.view(f);
  if (fView.term !== l.term || fView.state !== 'FOLLOWER') throw new Error(`scene stale-follower-read: ${f} should still follow in term ${l.term}`);
  s.say(`${f} still receives ${l.node}'s heartbeats in term ${l.term}, so it believes ${l.node} leads. A read served by ${f} from its local state returns x = 2, although x = 3 is committed: a stale read.`);
  s.wait(350);
  s.say(`Nothing on this side can tell. ${l.node} cannot commit (2 of 5), but answering a read locally costs it nothing and checks nothing. ReadIndex would make ${f} ask ${l.node} to confirm its leadership with a majority: impossible here, so the read would wait instead of lying.`);
  s.wait(350);

  const healAt = s.now;
  const healIndex = s.sim.trace.length;
  s.sim.heal();
  s.say(`The partition heals: ${l2.node}'s heartbeats in term ${l2.term} reach ${l.node} and ${f} again.`, healAt);
  const learned = s.waitFor(`${f} learning the new term`, () => s.eventsSince(healIndex, 'term', (e) => e.node === f)[0], 1000);
  s.say(`${f} sees term ${learned.to} and drops its old view. From now on its reads can see x = 3 (once its log catches up).`, learned.t);
  s.wait(250);
  return s.done(SCENE_TITLES['stale-follower-read'], nodes, seed, { leader: l.node, leaderTerm: l.term, follower: f, majority: others, newLeader: l2.node, newTerm: l2.term, partAt, healAt });
}

const SCRIPTS: Record<SceneId, (program: LearnerProgram) => SceneRun> = {
  'class-president': classPresident,
  'split-brain': splitBrain,
  'zombie-leader': zombieLeader,
  'stale-follower-read': staleFollowerRead,
};

/** Runs one scene's script with a program (the reference node). */
export function buildScene(id: SceneId, program: LearnerProgram): SceneRun {
  const script = SCRIPTS[id];
  if (!script) throw new Error(`no scene "${id}"`);
  return script(program);
}
