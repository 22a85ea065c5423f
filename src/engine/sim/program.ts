// A learner program: compiled CommonJS text turned into a module function that runs afresh per
// node boot, with the virtual globals in scope.
import { LEARNER_FILE } from './stack';
import { HIDDEN_GLOBALS, makeVirtualGlobals, type Router } from './virtual-globals';

export interface LearnerProgram {
  readonly router: Router;
  /** Runs the module body afresh and returns its exports (one call per node boot). */
  load(): Record<string, unknown>;
  /**
   * Makes a value the engine hands to learner code (env and what it holds) immutable, with
   * everything reachable from it. Both hosts deep-freeze own properties; in the hardened host every
   * prototype on the way is an intrinsic that lockdown already froze, so that is SES `harden`'s effect.
   */
  harden<T>(value: T): T;
}

/**
 * The module function: `exports`, `module`, then one parameter per global name. Called once per
 * node boot, so every boot gets its own bindings: a write to `process` or `setTimeout` at module
 * level or in a method dies with that node instance instead of leaking into other nodes, runs or tests.
 */
export type ModuleFactory = (exports: Record<string, unknown>, module: { exports: Record<string, unknown> }, ...globals: unknown[]) => void;

/**
 * The names a module function binds, in order, and the values passed on every boot: the virtual
 * globals first, then the hidden names, which get no argument and so are undefined.
 */
export function moduleGlobals(globals: Record<string, unknown>): { names: string[]; values: unknown[] } {
  const shown = Object.keys(globals);
  return { names: [...shown, ...HIDDEN_GLOBALS.filter((n) => !(n in globals))], values: shown.map((n) => globals[n]) };
}

export function programFromFactory(router: Router, factory: ModuleFactory, values: readonly unknown[] = [], harden: <T>(value: T) => T = deepFreeze): LearnerProgram {
  return {
    router,
    load() {
      const module = { exports: {} as Record<string, unknown> };
      // `this` undefined, as in any strict function call: the module sees nothing of the host.
      Reflect.apply(factory, undefined, [module.exports, module, ...values]);
      return module.exports;
    },
    harden,
  };
}

/**
 * The unhardened host: shadows globals with function parameters. Good for trusted code
 * (reference solutions, mutants, benchmarks); untrusted code goes through a SES host instead.
 */
export function plainProgram(code: string): LearnerProgram {
  const router: Router = { current: null };
  const { names, values } = moduleGlobals(makeVirtualGlobals(router));
  const factory = new Function('exports', 'module', ...names, `${moduleBody(code)}\n//# sourceURL=${LEARNER_FILE}`) as ModuleFactory;
  return programFromFactory(router, factory, values);
}

/**
 * The module function's body: the learner's code runs in an inner function, so that its top-level
 * `let process` or `class Date` shadows a global as it would in a module, instead of clashing with
 * a parameter. The first line is the wrapper's only one.
 */
function moduleBody(code: string): string {
  return `"use strict"; (function () {\n${code}\n})();`;
}

/**
 * Wraps compiled CommonJS so a SES Compartment's evaluate() returns the module function (see
 * ModuleFactory). Binding the globals as parameters also keeps the learner's hot paths (setTimeout,
 * Math) off the compartment's slower global-scope lookup. One line before the learner's code, so
 * its line numbers shift by exactly one.
 */
export function wrapForCompartment(code: string, names: readonly string[] = []): string {
  return `(function (${['exports', 'module', ...names].join(', ')}) { ${moduleBody(code)} })`;
}

/**
 * Freezes a value and every object reachable through its enumerable own properties (not through
 * prototypes: in the plain host those are the host's own intrinsics). For the plain host, where
 * values the engine made (plain data and closures, no getters) only need to be immutable for the
 * learner, not isolated from a hostile one. Already frozen values are taken as done.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'function') {
    Object.freeze(value); // the engine's closures carry no properties of their own to walk
  } else if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}
