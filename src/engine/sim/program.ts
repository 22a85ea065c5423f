// A learner program: compiled CommonJS text turned into a factory that runs a fresh module
// instance per node boot, with the virtual globals in scope.
import { HIDDEN_GLOBALS, makeVirtualGlobals, type Router } from './virtual-globals';

export interface LearnerProgram {
  readonly router: Router;
  /** Runs the module body afresh and returns its exports (one call per node boot). */
  load(): Record<string, unknown>;
}

export type ModuleFactory = (exports: Record<string, unknown>, module: { exports: Record<string, unknown> }) => void;

export function programFromFactory(router: Router, factory: ModuleFactory): LearnerProgram {
  return {
    router,
    load() {
      const module = { exports: {} as Record<string, unknown> };
      factory(module.exports, module);
      return module.exports;
    },
  };
}

/**
 * The unhardened host: shadows globals with function parameters. Good for trusted code
 * (reference solutions, mutants, benchmarks); untrusted code goes through a SES host instead.
 */
export function plainProgram(code: string): LearnerProgram {
  const router: Router = { current: null };
  const globals = makeVirtualGlobals(router);
  const names = [...Object.keys(globals), ...HIDDEN_GLOBALS.filter((n) => !(n in globals))];
  const values = names.map((n) => (n in globals ? globals[n] : undefined));
  const outer = new Function(...names, `"use strict"; return function (exports, module) {\n${code}\n};`);
  return programFromFactory(router, outer(...values) as ModuleFactory);
}

/**
 * Wraps compiled CommonJS so a SES Compartment's evaluate() returns a function that, given the
 * virtual globals, returns the module factory. Binding them as parameters keeps the learner's
 * hot paths (setTimeout, Math) off the compartment's slower global-scope lookup. One line long,
 * so the learner's line numbers shift by exactly one.
 */
export function wrapForCompartment(code: string, names: readonly string[] = []): string {
  return `(function (${names.join(', ')}) { "use strict"; return function (exports, module) {\n${code}\n}; })`;
}
