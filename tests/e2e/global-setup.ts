// Serves the built site (dist/) with `astro preview` on a free loopback port for every e2e file, and
// stops that server (by its PID) when they are done. Fails loudly if there is no build.
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { serveBuiltSite } from '../support/site';
import { existsSync } from 'node:fs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync('/usr/bin/chromium')) throw new Error('The e2e tests need Chromium at /usr/bin/chromium (apt-get install -y chromium; .ci/run does it).');
  const server = await serveBuiltSite(ROOT);
  project.provide('baseURL', server.baseURL);
  return server.stop;
}
