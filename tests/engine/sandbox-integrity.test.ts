// What must hold in the hardened host (SES lockdown + Compartment, the CLI and page workers' path),
// proved with submissions from the tampering catalogue and the reference solution:
// 1. nothing of the engine is reachable, nothing handed over is writable, `this` is undefined in callbacks;
// 3. no state survives between nodes, runs, tests or gradings: a test alone with its seed gives
//    exactly what the whole suite gave it;
// 4. no host path reaches learner code, logs or results, from any directory the host runs in;
// 5. binary buffers are out of reach; output, timers and messages are capped.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSeeds, suiteFor, type SuiteSummary, type TestResult } from '../../src/engine';
import { HOST_PATH } from './sandbox/catalogue';
import { compileFile, compileText, makeSandbox, whole, type Sandbox } from './sandbox/harness';

const T = 'tests/engine/tampering';
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await makeSandbox();
});
afterAll(() => sandbox?.dispose());

/** Grades a file on each exercise in one fresh sandbox worker; returns every result. */
async function grade(file: string, exercises: string[]): Promise<TestResult[]> {
  const code = await compileFile(file);
  const out = await sandbox.run(exercises.map((ex) => whole(ex, code)));
  expect(out.timedOut || out.crashed || out.fatal.find(Boolean), file).toBeFalsy();
  return out.summaries.flatMap((steps) => steps[0]!.results);
}

const logsOf = (results: TestResult[]) => results.flatMap((r) => r.logs).map((l) => l.replace(/^\[[^\]]*\] /, ''));

describe('1. nothing of the engine is reachable from learner code', () => {
  it('walking every graph learner code is handed finds no engine object, nothing writable, no buffer or GC constructor', async () => {
    const lines = logsOf(await grade(`${T}/walk-engine-graph.ts`, ['03-election', '05-faults'])).filter((l) => l.startsWith('walk '));
    const roots = new Set(lines.map((l) => /^walk (.+?): /.exec(l)![1]));
    for (const root of ['module', 'env', 'this in setTimeout', 'this in setInterval', 'this in env.setTimeout', 'timer id', 'RequestVote args', 'arguments', 'RequestVote reply', 'a TypeError prototype', 'error thrown by env']) {
      expect(roots, `the walk reached "${root}"`).toContain(root);
    }
    expect(Math.max(...lines.map((l) => Number(/visited=(\d+)/.exec(l)![1])))).toBeGreaterThan(400); // the intrinsics and everything handed over
    for (const line of lines) expect(line).toMatch(/engine=0 writable=0 forbidden=0/);
  }, 120_000);

  it('timer callbacks see `this` undefined, so the timer-this attack patches nothing and fails', async () => {
    const results = await grade(`${T}/timer-this.ts`, ['05-faults']);
    expect(results.every((r) => r.status === 'fail')).toBe(true);
    const lines = logsOf(results);
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).toBe('this is undefined; patched 0 engine methods');
  }, 120_000);

  it('everything handed over is immutable, and no caller chain leads out', async () => {
    const mutations = logsOf(await grade(`${T}/mutate-handed-values.ts`, ['02-request-vote']));
    expect(mutations.length).toBeGreaterThan(0);
    for (const l of mutations) {
      expect(l).toMatch(/args\.term: blocked/);
      expect(l).not.toContain('allowed');
    }
    const chain = logsOf(await grade(`${T}/caller-chain.ts`, ['02-request-vote', '05-faults'])).filter((l) => l.startsWith('caller chain'));
    expect(chain.length).toBeGreaterThan(0);
    for (const l of chain) expect(l).toBe('caller chain: nothing reached');
  }, 120_000);

  it('forged or replayed stop signals are reported as the learner\'s throws, never swallowed', async () => {
    const results = await grade(`${T}/forged-stop-prototype.ts`, ['02-request-vote']);
    const threw = results.filter((r) => r.rule === 'code-threw');
    expect(threw.length).toBeGreaterThan(5);
    for (const r of threw) expect(r.message).toMatch(/^n1: on(RequestVote|Heartbeat) threw (Error|RangeError|a non-Error value)/);
  }, 120_000);
});

describe('3. every run is a pure function of (code, exercise, test, seed)', () => {
  // The reference with a prelude that writes every hidden and virtual global binding it can, and
  // changes its timing if it ever sees an earlier boot's writes: any leak changes a trace.
  const prelude = `
declare let process: any, require: any, WeakRef: any, crypto: any, self: any, queueMicrotask: any;
const leaked = typeof process === 'number' ? process : 0;
process = leaked + 1; require = process; WeakRef = process; crypto = process; self = process; queueMicrotask = process;
const realSetTimeout = setTimeout;
(setTimeout as any) = (cb: any, ms: number) => realSetTimeout(cb, ms + leaked * 7);
try { (globalThis as any).leak = 1; } catch {}
try { (Math as any).leak = 1; } catch {}
if (leaked) console.log('saw state of an earlier boot: ' + leaked);
`;
  const reference = readFileSync('solutions/05-faults/solution.ts', 'utf8');

  const comparable = (r: TestResult) => ({ id: r.id, status: r.status, message: r.message, rule: r.rule, time: r.time, eventIndex: r.eventIndex, expected: r.expected, observed: r.observed, logs: r.logs, stack: r.stack, trace: r.trace });

  it('grading twice with one program, or each test alone with its seed in a fresh worker, gives identical results and traces', async () => {
    const code = await compileText(prelude + reference);
    const suite = suiteFor('05-faults')!;
    const seeds = suite.tests.map((t) => runSeeds(t, {})[0]!);
    // One worker: the whole suite twice, then every test replayed with its first seed, all with one program.
    const shared = await sandbox.run([whole('05-faults', code, [{}, {}, ...suite.tests.map((t, i) => ({ only: [t.id], replaySeed: seeds[i], traces: true }))])], 120_000);
    // Another worker: each test replayed alone, each with a freshly evaluated program.
    const fresh = await sandbox.run([whole('05-faults', code, suite.tests.map((t, i) => ({ only: [t.id], replaySeed: seeds[i], traces: true, fresh: true })))], 120_000);
    const [first, second, ...replays] = shared.summaries[0]!;
    expect(first!.failed, JSON.stringify(first!.results.filter((r) => r.status === 'fail').map((r) => r.message))).toBe(0);
    expect(second!.results).toEqual(first!.results);
    replays.forEach((replay, i) => {
      const alone = fresh.summaries[0]![i]!.results[0]!;
      expect(replay!.results[0]!.trace!.length, suite.tests[i]!.id).toBeGreaterThan(10);
      expect(comparable(replay!.results[0]!), suite.tests[i]!.id).toEqual(comparable(alone));
    });
    for (const s of [...shared.summaries[0]!, ...fresh.summaries[0]!]) for (const l of s.results.flatMap((r) => r.logs)) expect(l).not.toContain('earlier boot');
  }, 240_000);

  it('a failing submission: each failure of the whole suite is reproduced exactly by its replay command (test + seed)', async () => {
    const code = await compileFile(`${T}/shared-hidden-globals.ts`);
    const whole03 = await sandbox.run([whole('03-election', code, [{ traces: true }])]);
    const failures = whole03.summaries[0]![0]!.results.filter((r) => r.status === 'fail');
    expect(failures.length).toBeGreaterThan(3);
    const replays = await sandbox.run([whole('03-election', code, failures.map((f) => ({ only: [f.id], replaySeed: f.seed, traces: true })))]);
    failures.forEach((f, i) => {
      const again = replays.summaries[0]![i]!.results[0]!;
      expect({ ...comparable(again), trace: again.trace?.slice(0, f.trace?.length) }, f.id).toEqual(comparable(f));
    });
    for (const l of logsOf(failures)) expect(l).toBe('hidden globals at load: undefined,undefined,undefined,undefined,undefined,undefined; boots seen: 1');
  }, 240_000);

  it('no channel carries an env or anything else between nodes, boots or runs', async () => {
    const lines = logsOf(await grade(`${T}/stale-env-rethrow.ts`, ['05-faults']));
    expect(lines.length).toBeGreaterThan(5);
    for (const l of lines) expect(l).toBe('stale env found in: nowhere');
    const crash = logsOf(await grade(`${T}/stale-env-after-crash.ts`, ['05-faults']));
    expect(crash.length).toBeGreaterThan(5);
    for (const l of crash) expect(l).toBe('boot 1; an env from an earlier boot is absent');
  }, 120_000);
});

describe('4. no host path reaches learner code or results', () => {
  const threwSource = `export class Node {
  state = 'FOLLOWER'; currentTerm = 0; votedFor = null;
  constructor(private env: any) {}
  onRequestVote(from: string, args: any): any { return this.deeper(args); }
  deeper(args: any): any { return (null as any)[args.term]; }
}`;

  async function stacksFrom(box: Sandbox) {
    const stacks = await box.run([whole('02-request-vote', await compileFile(`${T}/error-stacks.ts`)), whole('02-request-vote', await compileText(threwSource))]);
    const [logged, threw] = stacks.summaries.map((s) => s[0]!.results);
    return { logs: logged!.flatMap((r) => r.logs), stacks: threw!.map((r) => `${r.message}\n${r.stack}`) };
  }

  it('error stacks show learner frames and "at <grader>" only, identical from two directories', async () => {
    mkdirSync(path.resolve('node_modules/.cache/consensus-course'), { recursive: true });
    const parent = mkdtempSync(path.resolve('node_modules/.cache/consensus-course/elsewhere-'));
    const elsewhere = await makeSandbox(path.join(parent, 'deeper'));
    try {
      expect(elsewhere.dir).not.toBe(sandbox.dir);
      const here = await stacksFrom(sandbox);
      const there = await stacksFrom(elsewhere);
      expect(there).toEqual(here);
      const text = [...here.logs, ...here.stacks].join('\n');
      expect(text).not.toMatch(HOST_PATH);
      expect(text).not.toContain(sandbox.dir);
      // What the learner printed: its own TypeError, an env error, a new Error, each with its own frames.
      expect(here.logs.join('\n')).toContain("own TypeError: TypeError: Cannot read properties of null (reading 'x')\n  at new Node (learner.js:");
      expect(here.logs.join('\n')).toMatch(/env error: Error: The grader stopped this node: n1: env\.persist expects .*\n {2}at <grader>\n {2}at Node\.onRequestVote \(learner\.js:\d+:\d+\)\n {2}at <grader>$/m);
      // What a result carries for a throw: the learner's frames, deepest first, for the hosts to map.
      expect(here.stacks[0]).toMatch(/^n1: onRequestVote threw TypeError: Cannot read properties of null \(reading '\d+'\)\nTypeError: .*\n {2}at Node\.deeper \(learner\.js:\d+:\d+\)\n {2}at Node\.onRequestVote \(learner\.js:\d+:\d+\)\n {2}at <grader>$/);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('5. budgets', () => {
  it('binary buffers cannot be made by any route', async () => {
    const lines = logsOf(await grade(`${T}/binary-buffers.ts`, ['03-election']));
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) {
      expect(l).toMatch(/^buffers: /);
      expect(l).not.toContain('ALLOCATED');
      expect(l.match(/unavailable/g)!.length).toBe(11);
    }
  }, 120_000);

  it('giant log lines are cut at 1,000 characters and floods at 64 KB, ending with "(output truncated)"', async () => {
    const giant = await grade(`${T}/giant-log-lines.ts`, ['02-request-vote']);
    for (const r of giant) {
      expect(r.logs.length).toBeGreaterThan(0);
      for (const l of r.logs) expect(l.length).toBeLessThanOrEqual(1000);
      expect(r.logs[0]!.length).toBe(1000);
    }
    const flood = await grade(`${T}/log-flood.ts`, ['04-heartbeats']);
    for (const r of flood) expect(r.logs.at(-1)).toMatch(/^… \(output truncated\): more than/);
  }, 120_000);

  it('timer and message floods end the run with a rule that says what happened', async () => {
    const timers = (await grade(`${T}/timer-flood.ts`, ['03-election'])).filter((r) => r.status === 'fail');
    expect(timers.length).toBeGreaterThan(0);
    for (const r of timers) expect(`[${r.rule}] ${r.message}`).toMatch(/^\[too-many-timers\] n1 has 10000 timers pending, the most one node may hold/);
    const messages = (await grade(`${T}/message-flood.ts`, ['03-election'])).filter((r) => r.rule === 'message-flood');
    expect(messages.length).toBeGreaterThan(0);
    for (const r of messages) expect(r.message).toMatch(/^n1 sent more than 1000 messages in one turn/);
  }, 120_000);

  it('a getter that spins outside the node\'s turn never runs there: grading ends at once', async () => {
    const code = await compileFile(`${T}/state-getter-spin.ts`);
    const started = Date.now();
    const out = await sandbox.run([whole('03-election', code), whole('05-faults', code)], 60_000);
    expect(out.timedOut).toBe(false);
    expect(Date.now() - started).toBeLessThan(30_000);
    const summaries = out.summaries.map((s) => s[0]!) as SuiteSummary[];
    for (const s of summaries) expect(s.failed).toBeGreaterThan(0);
  }, 120_000);
});
