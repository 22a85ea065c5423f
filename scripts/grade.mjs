// Builds the CLI and its worker from src/hosts/node (esbuild, ~0.1 s) and runs the CLI.
// Each run builds into its own folder, so parallel runs never race; the folder is removed on every
// way out: normal end, error, --help, Ctrl+C (SIGINT/SIGTERM), and a closed pipe (`| head`).
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Inside node_modules so that external packages (esbuild, ses, acorn) resolve from the project.
// Tests point CONSENSUS_GRADE_CACHE at a folder of their own (inside the project) to check cleanup.
const cache = process.env.CONSENSUS_GRADE_CACHE ? path.resolve(process.env.CONSENSUS_GRADE_CACHE) : path.join(root, 'node_modules/.cache/consensus-course');
mkdirSync(cache, { recursive: true });
const outdir = mkdtempSync(path.join(cache, 'grade-'));
const cleanup = () => rmSync(outdir, { recursive: true, force: true });

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    cleanup();
    process.exit(128 + ({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1 }[signal]));
  });
}
// A reader that went away (`npm run grade -- 05 | head -1`): stop quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    cleanup();
    process.exit(error.code === 'EPIPE' ? 141 : 1);
  });
}

try {
  await build({
    entryPoints: { cli: path.join(root, 'src/hosts/node/cli.ts'), 'grade-worker': path.join(root, 'src/hosts/node/grade-worker.ts') },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outExtension: { '.js': '.mjs' },
    logLevel: 'warning',
  });
  const { main } = await import(pathToFileURL(path.join(outdir, 'cli.mjs')).href);
  process.exitCode = await main(process.argv.slice(2), path.join(outdir, 'grade-worker.mjs'));
} catch (error) {
  process.stderr.write(`The grader failed: ${error?.message ?? error}\n`);
  process.exitCode = 2;
} finally {
  cleanup();
}
