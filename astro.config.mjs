// @ts-check
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { ensureMonaco } from './scripts/monaco.mjs';

// Monaco, bundled once per lockfile by esbuild (seconds) rather than by Vite on every build (most of
// the build's time): the workbench loads it from public/vendor/monaco-<key>/.
const monacoDir = await ensureMonaco((m) => console.log(`[monaco] ${m}`));

/**
 * Offline support. After the build: index the site with Pagefind (so the index exists even after a
 * bare `astro build`; the `pagefind --site dist` step of `npm run build` rewrites the same files), then
 * fill in public/sw.js (copied to dist/sw.js) with the files to precache and a version hash, so the
 * course, search included, works offline after the first visit.
 * @returns {import('astro').AstroIntegration}
 */
function offline() {
  let base = '/';
  /** @param {string} dir @returns {string[]} */
  const walk = (dir) =>
    readdirSync(dir).flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? walk(p) : [p];
    });
  return {
    name: 'course-offline',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
      },
      'astro:build:done': async ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        const pagefind = await import('pagefind');
        const { index, errors } = await pagefind.createIndex({});
        if (!index) throw new Error(`pagefind: ${errors.join('; ')}`);
        await index.addDirectory({ path: root });
        await index.writeFiles({ outputPath: join(root, 'pagefind') });
        await pagefind.close();

        const swPath = join(root, 'sw.js');
        const files = walk(root)
          .map((f) => relative(root, f).split(sep).join('/'))
          .filter((f) => f !== 'sw.js')
          // Pagefind's own UI bundles are not used (the site has its own search dialog).
          .filter((f) => !/^pagefind\/(pagefind-(component-|modular-)?ui|pagefind-highlight|wasm\.unknown)/.test(f))
          // Large or heavy files (an editor, a compiler, wasm) are cached when first used, not up front:
          // by size, by name, and scripts or styles of Monaco or esbuild whatever their chunk is called.
          .filter((f) => statSync(join(root, f)).size <= 512 * 1024 && !/monaco|esbuild|\.wasm$|\.map$/i.test(f))
          .filter((f) => !/\.(m?js|css)$/.test(f) || !/monaco|esbuild/i.test(readFileSync(join(root, f), 'utf8')))
          .sort();
        const hash = createHash('sha256');
        for (const f of files) hash.update(f).update(readFileSync(join(root, f)));
        const urls = files.map((f) => base + f.replace(/(^|\/)index\.html$/, '$1'));
        const sw = readFileSync(swPath, 'utf8')
          .replace("'__VERSION__'", JSON.stringify(hash.digest('hex').slice(0, 16)))
          .replace('/*__PRECACHE__*/ []', JSON.stringify(urls));
        writeFileSync(swPath, sw);
        logger.info(`service worker precaches ${urls.length} files`);
      },
    },
  };
}

/**
 * Exercise statements (exercises/<id>/README.md) are rendered under the page's own h1 and a
 * "The task" h2: drop a leading "# Title" and shift the README's headings one level down.
 * Lessons and other Markdown are left alone.
 */
function rehypeExerciseHeadings() {
  /** @param {any} tree @param {any} file */
  return (tree, file) => {
    const path = String(file.path ?? file.history?.[0] ?? '');
    if (!/[\\/]exercises[\\/][^\\/]+[\\/]README\.md$/.test(path)) return;
    const first = tree.children.find((/** @type {any} */ n) => n.type === 'element');
    if (first?.tagName === 'h1') tree.children.splice(tree.children.indexOf(first), 1);
    /** @param {any} node */
    const shift = (node) => {
      if (node.type === 'element' && /^h[1-5]$/.test(node.tagName)) node.tagName = `h${Number(node.tagName[1]) + 1}`;
      node.children?.forEach(shift);
    };
    shift(tree);
  };
}

export default defineConfig({
  site: 'http://localhost:4321',
  integrations: [mdx(), offline()],
  server: { port: 4321 },
  markdown: {
    // GitHub's current (Primer) themes: every token colour meets WCAG AA contrast, unlike the older github-light/dark.
    shikiConfig: { themes: { light: 'github-light-default', dark: 'github-dark-default' } },
    rehypePlugins: [rehypeExerciseHeadings],
  },
  vite: {
    define: { __MONACO_DIR__: JSON.stringify(monacoDir) },
    // The grading worker and Monaco's workers are ES module workers (they share chunks with the page).
    worker: { format: 'es' },
    // esbuild-wasm's and the grading worker's chunks are large by nature; they load on exercise pages only.
    build: { chunkSizeWarningLimit: 6000 },
  },
});
