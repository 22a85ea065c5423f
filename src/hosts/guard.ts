// The worker's side of the loop guards (instrument.ts inserts the calls): a real-time deadline per
// test and for the whole suite, held here where learner code cannot see or move it. The guard
// returns nothing; it only throws once the deadline has passed, and from then on it throws on every
// call, so a learner's try/catch cannot keep a loop going. What tripped it (the site id: line and
// kind of code, the node and its time, the call stack) is recorded here, host-side, for the message.
import { describeSite } from './guard-site';

// Captured at load, before any learner code runs: the real clock, used only host-side.
const realNow = typeof performance !== 'undefined' && typeof performance.now === 'function' ? performance.now.bind(performance) : Date.now;
/** Read the clock once every CHECK_EVERY guard calls: a guard call then costs a decrement. */
const CHECK_EVERY = 64;

export type TripReason = 'test' | 'suite' | 'memory';

export interface Trip {
  reason: TripReason;
  /** What was running: "the while loop at line 12", when the site is known. */
  site: string | null;
  /** The node whose turn it was, and its simulated time, when the engine says. */
  node?: string;
  time?: number;
  /** What the engine says the turn runs ("onHeartbeat", "a timer callback"). */
  what?: string;
  /** The stack at the trip (host realm), for the handler's name. */
  stack?: string;
}

export interface TurnReader {
  /** The node whose turn it is, if any (read-only look at the engine's router). */
  (): { node?: string; time?: number; what?: string };
}

export class Deadline {
  trip: Trip | null = null;
  private deadline = Infinity;
  private reason: TripReason = 'test';
  private countdown = CHECK_EVERY;
  private memoryLimit = Infinity;
  private readMemory: (() => number | undefined) | null = null;
  /** The function learner code calls: hardened by the sandbox with the other globals. */
  readonly guard: (site?: unknown) => void;

  constructor(
    readonly suiteEnd: number,
    private readonly turn: TurnReader = () => ({}),
  ) {
    const stop = (): never => {
      // A fresh, frozen Error of the host realm each time: nothing shared for learner code to change.
      const error = new Error('the grader stopped this code: it ran past its time limit');
      throw Object.freeze(error);
    };
    this.guard = (site?: unknown) => {
      if (this.trip) stop();
      if (--this.countdown > 0) return;
      this.countdown = CHECK_EVERY;
      const now = realNow();
      if (now >= this.deadline) this.tripAt(this.reason, site);
      else if (this.readMemory) {
        const used = this.readMemory();
        if (used !== undefined && used > this.memoryLimit) this.tripAt('memory', site);
      }
      if (this.trip) stop();
    };
  }

  static now(): number {
    return realNow();
  }

  /** Checks memory on the guard's clock reads too (the page's worker, where there is no heap limit). */
  watchMemory(limitBytes: number, read: () => number | undefined): void {
    this.memoryLimit = limitBytes;
    this.readMemory = read;
  }

  /** A new test starts: its deadline is `testMs` from now, or the suite's end if that comes first. */
  arm(testMs: number): void {
    const testEnd = realNow() + testMs;
    this.reason = testEnd < this.suiteEnd ? 'test' : 'suite';
    this.deadline = Math.min(testEnd, this.suiteEnd);
    this.countdown = CHECK_EVERY;
  }

  /** The suite's budget is spent (checked between tests). */
  suiteOver(): boolean {
    return realNow() >= this.suiteEnd;
  }

  private tripAt(reason: TripReason, site: unknown): void {
    let stack: string | undefined;
    try {
      stack = String(new Error('trip').stack);
    } catch {
      stack = undefined;
    }
    let turn: { node?: string; time?: number; what?: string } = {};
    try {
      turn = this.turn();
    } catch {
      turn = {};
    }
    this.trip = { reason, site: describeSite(site), stack, ...turn };
  }
}

/**
 * The handler that was running at a trip: the outermost frame of the learner's module in the stack
 * ("Node.onHeartbeat" -> "onHeartbeat"), or null.
 */
export function handlerOf(stack: string | undefined, learnerFile: string): string | null {
  if (!stack) return null;
  let name: string | null | undefined;
  for (const line of stack.split('\n')) {
    const m = /^\s*at (?:(.+?) \()?(.+?):\d+:\d+\)?$/.exec(line);
    if (m && m[2]!.endsWith(learnerFile)) name = m[1] ?? null; // the last one is the outermost
  }
  if (!name) return null;
  const alias = / \[as ([\w$]+)\]$/.exec(name)?.[1];
  const base = name.replace(/ \[as .+\]$/, '');
  if (base.startsWith('new ')) return 'the constructor';
  if (alias === 'callback') return 'a timer callback'; // the simulator calls timers as timer.callback()
  const getter = /(?:^|\.)(get|set) ([\w$]+)$/.exec(base);
  if (getter) return `the ${getter[1]}ter of ${getter[2]}`;
  const short = base.replace(/^.*\./, '');
  if (short === 'eval' || short === '<anonymous>' || !/^[\w$]+$/.test(short)) return alias ?? null;
  return short;
}
