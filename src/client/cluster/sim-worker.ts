// The playground's worker for learner code: SES lockdown first, then the learner's module in a
// Compartment (src/hosts/sandbox.ts), driven by the same LiveRun as the reference in the page.
// One run at a time: 'start' begins a run from time 0, 'extend' runs it further.
import { lockdownRealm, compartmentProgram } from '../../hosts/sandbox';
import { describeThrown } from '../../engine/sim/describe';
import type { LearnerProgram } from '../../engine/sim/program';
import { LiveRun, type Scenario } from './scenario';

export type SimRequest = { type: 'start'; seq: number; code: string; scenario: Scenario; until: number } | { type: 'extend'; seq: number; until: number };
export type SimResponse =
  | { type: 'events'; seq: number; reset: boolean; events: import('../../engine/sim/trace').TraceEvent[]; until: number; violation: import('../../engine/sim/trace').Violation | null; nodes: string[] }
  | { type: 'error'; seq: number; message: string };

const post = (m: SimResponse) => (self as unknown as { postMessage(m: unknown): void }).postMessage(m);

lockdownRealm();
let program: { code: string; program: LearnerProgram } | null = null;
let run: LiveRun | null = null;

self.addEventListener('message', (event: MessageEvent<SimRequest>) => {
  const req = event.data;
  try {
    if (req.type === 'start') {
      if (program?.code !== req.code) program = { code: req.code, program: compartmentProgram(req.code) };
      run = new LiveRun(program.program, req.scenario);
      const r = run.extend(req.until);
      post({ type: 'events', seq: req.seq, reset: true, events: r.events, until: r.until, violation: r.violation, nodes: run.nodes });
    } else if (req.type === 'extend') {
      if (!run) return post({ type: 'error', seq: req.seq, message: 'no run to extend' });
      const r = run.extend(req.until);
      post({ type: 'events', seq: req.seq, reset: false, events: r.events, until: r.until, violation: r.violation, nodes: run.nodes });
    }
  } catch (error) {
    post({ type: 'error', seq: req.seq, message: `Your module could not be loaded: ${describeThrown(error)}` });
  }
});
