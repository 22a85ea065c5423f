// Serving the built site and driving Debian's Chromium: shared by the e2e setup and the browser
// benchmarks. The server is `astro preview` on a free loopback port, stopped by its PID.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Needs Chromium at ${CHROMIUM} (apt-get install -y chromium; .ci/run does it).`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface SiteServer {
  baseURL: string;
  stop(): Promise<void>;
}

/** Serves `root`/dist with astro preview; resolves once it answers, or fails with its output. */
export async function serveBuiltSite(root: string, timeoutMs = 30_000): Promise<SiteServer> {
  if (!existsSync(join(root, 'dist', 'index.html'))) throw new Error('dist/ has no built site: run `npm run build` first (`npm test` does both).');
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, [join(root, 'node_modules/astro/astro.js'), 'preview', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: string) => (output += d));
  child.stderr!.on('data', (d: string) => (output += d));
  const baseURL = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (!child.pid || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    process.kill(child.pid, 'SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    if (child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGKILL');
  };
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`astro preview exited (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${baseURL}/`)).ok) return { baseURL, stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > end) {
      await stop();
      throw new Error(`astro preview did not answer at ${baseURL} within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}
