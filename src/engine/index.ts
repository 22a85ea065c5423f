// The engine's public face, the same for every host (vitest, the CLI worker, the browser worker).
export { gradeSuite, runSeeds, DEFAULT_SEED, type GradeOptions } from './grader/run-suite';
export type { Suite, TestCase, TestInfo, TestResult, SuiteSummary } from './grader/types';
export { suites, suiteFor, exerciseIds } from './suites';
export { Simulation, type SimOptions } from './sim/simulator';
export { plainProgram, programFromFactory, wrapForCompartment, moduleGlobals, deepFreeze, type LearnerProgram, type ModuleFactory } from './sim/program';
export { makeVirtualGlobals, HIDDEN_GLOBALS, type Router } from './sim/virtual-globals';
export type { TraceEvent, Message, Violation, RuleId } from './sim/trace';
export { majority, faultTolerance } from './quorum';
