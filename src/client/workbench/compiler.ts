// esbuild-wasm in the page: initialized once (about 1.5 s, started when the page is idle), then
// every run compiles the learner's TypeScript to CommonJS with a source map through compileLearner.
import { initialize, transform } from 'esbuild-wasm/esm/browser.js';
import wasmURL from 'esbuild-wasm/esbuild.wasm?url';
import { compileLearner, type CompileResult, type TransformLike } from '../../hosts/compile';

let ready: Promise<void> | null = null;

/** Starts esbuild (once; later calls return the same promise). */
export function initCompiler(): Promise<void> {
  ready ??= initialize({ wasmURL, worker: true });
  return ready;
}

export async function compile(source: string, fileName: string): Promise<CompileResult> {
  await initCompiler();
  return compileLearner(transform as unknown as TransformLike, source, fileName);
}
