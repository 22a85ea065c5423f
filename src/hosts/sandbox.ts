// The hardened host for untrusted learner code, shared by the CLI worker and the browser worker:
// SES lockdown freezes every shared intrinsic (Array.prototype, Math, JSON, Object ...), and the
// learner's module is evaluated in a Compartment whose only globals are the virtual ones.
import 'ses';
import { HIDDEN_GLOBALS, makeVirtualGlobals, programFromFactory, wrapForCompartment, type LearnerProgram, type ModuleFactory, type Router } from '../engine';

import { LEARNER_FILE } from './sandbox-constants';
import { GUARD_NAME } from './guard-site';

let locked = false;

/** Freezes the realm's intrinsics. Call once, before any learner code is evaluated. */
export function lockdownRealm(): void {
  if (locked) return;
  lockdown({
    errorTaming: 'unsafe', // keep stacks: learners need their line numbers
    stackFiltering: 'verbose',
    overrideTaming: 'moderate',
    consoleTaming: 'unsafe',
    localeTaming: 'unsafe',
    reporting: 'none', // no "Removing unpermitted intrinsics" chatter in the learner's console
  });
  locked = true;
}

/**
 * Evaluates compiled CommonJS in a fresh Compartment; throws the learner's SyntaxError if any.
 * `endowments`: extra globals from the host (the loop guard of guard.ts), hardened too. Compiled code
 * calls the guard (instrument.ts); a host without a deadline (the playground) gets one that does nothing.
 */
export function compartmentProgram(code: string, endowments: Record<string, unknown> = {}): LearnerProgram {
  lockdownRealm();
  const router: Router = { current: null };
  const globals: Record<string, unknown> = harden({ ...makeVirtualGlobals(router), [GUARD_NAME]: () => {}, ...endowments });
  const compartment = new Compartment({ globals, __options__: true });
  harden(compartment.globalThis);
  // Hidden names (WeakRef, FinalizationRegistry, ...) are bound to undefined: GC timing must not leak in.
  const names = [...Object.keys(globals), ...HIDDEN_GLOBALS.filter((n) => !(n in globals))];
  const outer = compartment.evaluate(`${wrapForCompartment(code, names)}\n//# sourceURL=${LEARNER_FILE}`) as (...values: unknown[]) => ModuleFactory;
  const factory = outer(...names.map((n) => (n in globals ? globals[n] : undefined)));
  return programFromFactory(router, factory);
}
