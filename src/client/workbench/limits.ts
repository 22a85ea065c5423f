// Limits the workbench states in its UI and enforces (shared by the page script and the page template).

/** Wall-clock limit per test, like the CLI's default --timeout; tests normally take milliseconds. */
export const TEST_TIMEOUT_MS = 5000;
