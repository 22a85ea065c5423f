// `npm run bench`: builds the benchmarks with esbuild and runs them, printing figures.
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cache = path.join(root, 'node_modules/.cache/consensus-course');
mkdirSync(cache, { recursive: true });
const outdir = mkdtempSync(path.join(cache, 'bench-'));
const only = process.argv[2];
try {
  for (const name of ['engine', 'browser', 'cluster']) {
    if (only && only !== name) continue;
    await build({ entryPoints: [path.join(root, `bench/${name}.ts`)], outfile: path.join(outdir, `${name}.mjs`), bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'warning' });
    await import(pathToFileURL(path.join(outdir, `${name}.mjs`)).href);
  }
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
