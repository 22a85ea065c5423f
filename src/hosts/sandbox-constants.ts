// Shared by the sandbox and the stack mapper (which must not pull SES into the page).
export { LEARNER_FILE } from '../engine/sim/stack';
/** Lines the compartment wrapper adds before the learner's compiled code. */
export const WRAPPER_LINES = 1;
