// Builds the CLI and its worker from src/hosts/node (esbuild, ~0.1 s) and runs the CLI.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'node_modules/.cache/consensus-course');

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
const { main } = await import(path.join(outdir, 'cli.mjs'));
process.exitCode = await main(process.argv.slice(2), path.join(outdir, 'grade-worker.mjs'));
