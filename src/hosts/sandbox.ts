// The hardened host for untrusted learner code, shared by the CLI worker and the browser worker:
// SES lockdown freezes every shared intrinsic (Array.prototype, Math, JSON, Object ...), and the
// learner's module is evaluated in a Compartment whose only globals are the virtual ones.
import 'ses';
import { deepFreeze, HIDDEN_GLOBALS, makeVirtualGlobals, moduleGlobals, programFromFactory, wrapForCompartment, type LearnerProgram, type ModuleFactory, type Router } from '../engine';
import { errorHeader } from '../engine/sim/describe';
import { HOST_FRAME, LEARNER_FILE } from '../engine/sim/stack';
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
  installStackFormat();
  locked = true;
}

/** The V8 call-site methods SES passes to a start-compartment `Error.prepareStackTrace`. */
interface CallSite {
  getScriptNameOrSourceURL(): string | null | undefined;
  getLineNumber(): number | null;
  getColumnNumber(): number | null;
  getFunctionName(): string | null;
  getTypeName(): string | null;
  getMethodName(): string | null;
  isConstructor(): boolean;
  isToplevel(): boolean;
}

/**
 * Every stack in this realm, including those of errors V8 makes inside learner code (a TypeError
 * the learner catches and prints), is formatted here: the learner's frames as `at name
 * (learner.js:L:C)`, any run of other frames as one `at <grader>`. The header is read through
 * descriptors (errorHeader), so no learner getter or toString runs while a stack is formatted. Only the start
 * compartment can set this hook; a compartment's Error has no such power.
 */
function installStackFormat(): void {
  const frame = (site: CallSite): string | null => {
    // Code evaluated in a compartment has no file name; its `//# sourceURL` names it.
    if (site.getScriptNameOrSourceURL() !== LEARNER_FILE) return null;
    const where = `${LEARNER_FILE}:${site.getLineNumber()}:${site.getColumnNumber()}`;
    const fn = site.getFunctionName();
    const type = site.isToplevel() || site.isConstructor() ? null : site.getTypeName();
    const name = site.isConstructor() ? `new ${fn ?? '<anonymous>'}` : fn ? (type && type !== 'Object' && !fn.startsWith(`${type}.`) ? `${type}.${fn}` : fn) : null;
    return name ? `  at ${name} (${where})` : `  at ${where}`;
  };
  (Error as unknown as { prepareStackTrace: (error: unknown, sites: CallSite[]) => string }).prepareStackTrace = (error, sites) => {
    const lines = [errorHeader(error)];
    let hostRun = false;
    for (const site of sites) {
      let text: string | null = null;
      try {
        text = frame(site);
      } catch {
        text = null;
      }
      if (text) {
        lines.push(text);
        hostRun = false;
      } else if (!hostRun) {
        lines.push(`  ${HOST_FRAME}`);
        hostRun = true;
      }
    }
    return lines.join('\n');
  };
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
  // Hidden names are undefined on the global object too, so that `Function('return WeakRef')()`
  // (which reads the compartment's globals, not the module's parameters) finds nothing.
  const hidden = Object.fromEntries(HIDDEN_GLOBALS.filter((n) => !(n in globals)).map((n) => [n, undefined]));
  const compartment = new Compartment({ globals: { ...hidden, ...globals }, __options__: true });
  harden(compartment.globalThis);
  const { names, values } = moduleGlobals(globals);
  const factory = compartment.evaluate(`${wrapForCompartment(code, names)}\n//# sourceURL=${LEARNER_FILE}`) as ModuleFactory;
  // Values handed to learner code per boot (env and what it holds) are engine-made data and closures
  // whose prototypes are all intrinsics, which lockdown has already hardened: freezing them and their
  // own properties hardens them completely, without `harden` re-walking every prototype on each of
  // the thousands of boots of a grading (measured: ~30 µs of CPU per env with harden, ~1.4 µs with
  // deepFreeze; harden topped a profile of 05). The graph walk in
  // tests/engine/sandbox-integrity.test.ts checks that nothing reachable is writable.
  return programFromFactory(router, factory, harden(values), deepFreeze);
}
