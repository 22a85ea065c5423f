// Monaco, bundled once with esbuild into public/vendor/monaco-<key>/ (editor.js + editor.css, the
// editor and TypeScript workers, the codicon font), keyed on the lockfile and the entry module, so
// `astro build` and `astro dev` load it as static files instead of re-processing Monaco (most of the
// Vite step) every time. Run by astro.config.mjs; `node scripts/monaco.mjs` runs it alone.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ENTRY = join(ROOT, 'src/client/workbench/monaco-entry.ts');
const VENDOR = join(ROOT, 'public/vendor');

/** The cache key: what the bundle depends on (the installed packages, the entry, this script). */
export function monacoKey() {
  const hash = createHash('sha256');
  for (const f of ['package-lock.json', 'src/client/workbench/monaco-entry.ts', 'scripts/monaco.mjs']) hash.update(readFileSync(join(ROOT, f)));
  return hash.digest('hex').slice(0, 12);
}

/** Bundles Monaco unless this key's bundle exists; returns the folder's path under public/ ("vendor/monaco-<key>/"). */
export async function ensureMonaco(log = (m) => console.log(m)) {
  const key = monacoKey();
  const name = `monaco-${key}`;
  const out = join(VENDOR, name);
  if (existsSync(join(out, 'editor.js')) && existsSync(join(out, 'ts.worker.js'))) return `vendor/${name}/`;
  const started = Date.now();
  log(`bundling Monaco once (cached in public/vendor/${name}/)…`);
  const { build } = await import('esbuild');
  const common = { bundle: true, minify: true, format: 'esm', target: 'es2022', legalComments: 'none', logLevel: 'warning', absWorkingDir: ROOT };
  await build({
    ...common,
    entryPoints: {
      editor: ENTRY,
      'editor.worker': 'monaco-editor/editor/editor.worker',
      'ts.worker': 'monaco-editor/language/typescript/ts.worker',
    },
    outdir: out,
    loader: { '.ttf': 'file' },
    assetNames: '[name]-[hash]',
  });
  // Older bundles (another lockfile) are left behind by nothing else: remove them.
  for (const d of existsSync(VENDOR) ? readdirSync(VENDOR) : []) if (d.startsWith('monaco-') && d !== name) rmSync(join(VENDOR, d), { recursive: true, force: true });
  log(`Monaco bundled in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return `vendor/${name}/`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await ensureMonaco();
