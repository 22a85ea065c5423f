// A playground run is a pure function of (seed, cluster size, code, actions): each action has a
// virtual time, and re-running from 0 with one more action reproduces the same prefix exactly.
// The URL carries all of it (except learner code, which stays in this browser), e.g.
//   ?seed=7&n=5&d=0.05&a=1200:crash:n3,2400:part:n1n2|n3n4n5,3000:heal
// Pure: no DOM. Unit-tested in tests/cluster/scenario.test.ts.
import type { NodeId } from '../../engine/contract/raft';
import type { LearnerProgram } from '../../engine/sim/program';
import { Simulation } from '../../engine/sim/simulator';
import type { TraceEvent, Violation } from '../../engine/sim/trace';

export type Action =
  | { t: number; type: 'crash' | 'restart' | 'pause' | 'resume'; node: NodeId }
  | { t: number; type: 'part'; groups: NodeId[][] }
  | { t: number; type: 'cut'; from: NodeId; to: NodeId }
  | { t: number; type: 'heal' }
  /** Message loss from now on, the same rate for requests and replies. */
  | { t: number; type: 'drop'; rate: number };

export interface Scenario {
  seed: number;
  /** Cluster size: 3, 5 or 7 nodes, named n1 .. nN. */
  size: number;
  /** Message loss from the start (requests and replies). */
  dropRate: number;
  actions: Action[];
  /** An exercise id whose saved code runs instead of the reference (not shared: it lives in this browser). */
  code?: string;
}

export const SIZES = [3, 5, 7] as const;
export const MAX_DROP = 0.5;
export const DEFAULT_SCENARIO: Scenario = { seed: 7, size: 5, dropRate: 0, actions: [] };

export const nodeIds = (size: number): NodeId[] => Array.from({ length: size }, (_, i) => `n${i + 1}`);

export interface RunResult {
  nodes: NodeId[];
  trace: TraceEvent[];
  violation: Violation | null;
  /** Virtual time the run reached. */
  until: number;
}

/** Applies an action to a running simulation (at its own virtual time). */
export function applyAction(sim: Simulation, a: Action): void {
  switch (a.type) {
    case 'crash':
      return sim.crash(a.node);
    case 'restart':
      return sim.restart(a.node);
    case 'pause':
      return sim.pause(a.node);
    case 'resume':
      return sim.resume(a.node);
    case 'part':
      return sim.partition(a.groups);
    case 'cut':
      return sim.cut(a.from, a.to);
    case 'heal':
      return sim.heal();
    case 'drop':
      return sim.setNetwork({ requestDropRate: a.rate, replyDropRate: a.rate });
  }
}

/**
 * A run that can be extended: the simulation is kept, so running further continues it exactly as
 * a fresh run to the later horizon would (the simulator is deterministic). A new action in the
 * past needs a new LiveRun from time 0.
 */
export class LiveRun {
  readonly sim: Simulation;
  readonly nodes: NodeId[];
  private sent = 0;

  constructor(program: LearnerProgram, s: Scenario, maxEvents = 400_000) {
    this.nodes = nodeIds(s.size);
    this.sim = new Simulation({
      seed: s.seed,
      nodes: this.nodes,
      program,
      record: true,
      maxEvents,
      network: { requestDropRate: s.dropRate, replyDropRate: s.dropRate },
    });
    // Stable order: by time, then as listed (the simulator breaks ties by scheduling order).
    const actions = s.actions.map((a, i) => ({ a, i })).sort((x, y) => x.a.t - y.a.t || x.i - y.i);
    for (const { a } of actions) this.sim.at(a.t, () => applyAction(this.sim, a));
  }

  /** Runs on to `until` and returns the events recorded since the last call. */
  extend(until: number): { events: TraceEvent[]; violation: Violation | null; until: number } {
    if (!this.sim.violation && until > this.sim.now) this.sim.runUntil(until);
    const events = this.sim.trace.slice(this.sent);
    this.sent = this.sim.trace.length;
    return { events, violation: this.sim.violation, until: this.sim.violation ? this.sim.now : Math.max(until, this.sim.now) };
  }
}

/** Runs a scenario from time 0 to `until` (ms of virtual time), recording every event. */
export function runScenario(program: LearnerProgram, s: Scenario, until: number, maxEvents = 400_000): RunResult {
  const run = new LiveRun(program, s, maxEvents);
  const r = run.extend(until);
  return { nodes: run.nodes, trace: r.events, violation: r.violation, until: r.until };
}

// ---------------------------------------------------------------- URL form

const fmtTime = (t: number) => String(Math.round(t * 10) / 10);
const fmtRate = (r: number) => String(Math.round(r * 1000) / 1000);

export function encodeAction(a: Action): string {
  const t = fmtTime(a.t);
  switch (a.type) {
    case 'crash':
    case 'restart':
    case 'pause':
    case 'resume':
      return `${t}:${a.type}:${a.node}`;
    case 'part':
      return `${t}:part:${a.groups.map((g) => g.join('')).join('|')}`;
    case 'cut':
      return `${t}:cut:${a.from}>${a.to}`;
    case 'heal':
      return `${t}:heal`;
    case 'drop':
      return `${t}:drop:${fmtRate(a.rate)}`;
  }
}

const NODE = /^n[1-9]\d*$/;
const parseNodes = (s: string) => s.match(/n\d+/g) ?? [];

/** Parses one action; null when malformed or naming a node outside the cluster. */
export function decodeAction(text: string, size: number): Action | null {
  const [ts, type, arg = ''] = text.split(':');
  const t = Number(ts);
  if (!ts || !Number.isFinite(t) || t < 0) return null;
  const valid = new Set(nodeIds(size));
  const ok = (id: string) => NODE.test(id) && valid.has(id);
  switch (type) {
    case 'crash':
    case 'restart':
    case 'pause':
    case 'resume':
      return ok(arg) ? { t, type, node: arg } : null;
    case 'part': {
      const groups = arg.split('|').map(parseNodes);
      const seen = new Set<string>();
      for (const g of groups) {
        if (!g.length) return null;
        for (const id of g) {
          if (!ok(id) || seen.has(id)) return null;
          seen.add(id);
        }
      }
      if (groups.join('|').replace(/,/g, '') !== arg) return null;
      return groups.length >= 1 ? { t, type: 'part', groups } : null;
    }
    case 'cut': {
      const [from = '', to = ''] = arg.split('>');
      return ok(from) && ok(to) && from !== to ? { t, type: 'cut', from, to } : null;
    }
    case 'heal':
      return { t, type: 'heal' };
    case 'drop': {
      const rate = Number(arg);
      return arg !== '' && Number.isFinite(rate) && rate >= 0 && rate <= MAX_DROP ? { t, type: 'drop', rate } : null;
    }
    default:
      return null;
  }
}

export function encodeScenario(s: Scenario): string {
  const p = new URLSearchParams();
  p.set('seed', String(s.seed));
  p.set('n', String(s.size));
  if (s.dropRate) p.set('d', fmtRate(s.dropRate));
  if (s.actions.length) p.set('a', s.actions.map(encodeAction).join(','));
  if (s.code) p.set('code', s.code);
  // Keep the separators readable in the address bar.
  return p.toString().replace(/%3A/gi, ':').replace(/%2C/gi, ',').replace(/%7C/gi, '|').replace(/%3E/gi, '>');
}

/** Reads a scenario from a query string; anything missing or malformed falls back to the defaults (bad actions are skipped). */
export function decodeScenario(query: string): Scenario {
  const p = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query);
  const seedRaw = Number(p.get('seed'));
  const seed = p.has('seed') && Number.isInteger(seedRaw) && seedRaw >= 0 && seedRaw <= 0xffffffff ? seedRaw : DEFAULT_SCENARIO.seed;
  const sizeRaw = Number(p.get('n'));
  const size = (SIZES as readonly number[]).includes(sizeRaw) ? sizeRaw : DEFAULT_SCENARIO.size;
  const dRaw = Number(p.get('d'));
  const dropRate = p.has('d') && Number.isFinite(dRaw) && dRaw >= 0 && dRaw <= MAX_DROP ? dRaw : 0;
  const actions = (p.get('a') ?? '')
    .split(',')
    .filter(Boolean)
    .map((a) => decodeAction(a, size))
    .filter((a): a is Action => a !== null);
  const code = p.get('code') ?? undefined;
  return { seed, size, dropRate, actions, ...(code && /^[\w-]+$/.test(code) ? { code } : {}) };
}

/** A one-line description of an action, for the playground's list of what happened. */
export function describeAction(a: Action): string {
  const at = `at ${fmtTime(a.t)} ms`;
  switch (a.type) {
    case 'crash':
      return `${at}: crash ${a.node}`;
    case 'restart':
      return `${at}: restart ${a.node}`;
    case 'pause':
      return `${at}: freeze ${a.node}`;
    case 'resume':
      return `${at}: resume ${a.node}`;
    case 'part':
      return `${at}: split the network into ${a.groups.map((g) => `{${g.join(', ')}}`).join(' and ')}`;
    case 'cut':
      return `${at}: cut the link from ${a.from} to ${a.to}`;
    case 'heal':
      return `${at}: heal the network`;
    case 'drop':
      return `${at}: lose ${Math.round(a.rate * 100)}% of messages`;
  }
}
