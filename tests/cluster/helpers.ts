// Shared by the cluster-view tests: the reference node, compiled the way the site compiles it.
import { plainProgram } from '../../src/engine';
import { compileTs, readSource } from '../engine/helpers';

export const referenceCode = compileTs(readSource('solutions/05-faults/solution.ts'));
export const reference = () => plainProgram(referenceCode);
