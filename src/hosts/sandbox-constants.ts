// Shared by the sandbox and the stack mapper (which must not pull SES into the page).
export const LEARNER_FILE = 'learner.js';
/** Lines the compartment wrapper adds before the learner's compiled code. */
export const WRAPPER_LINES = 1;
