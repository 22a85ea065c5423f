// The playground compiles a learner's saved TypeScript in the page with esbuild-wasm, loaded only
// when the learner picks their own code (the compiler is large; lessons never load it).
import { compileLearner, type CompileResult, type TransformLike } from '../../hosts/compile';

let ready: Promise<TransformLike> | null = null;

function compiler(): Promise<TransformLike> {
  ready ??= (async () => {
    const [esbuild, wasm] = await Promise.all([import('esbuild-wasm/esm/browser.js'), import('esbuild-wasm/esbuild.wasm?url')]);
    await esbuild.initialize({ wasmURL: wasm.default, worker: true });
    return esbuild.transform as unknown as TransformLike;
  })();
  ready.catch(() => (ready = null));
  return ready;
}

export async function compileInPage(source: string): Promise<CompileResult> {
  return compileLearner(await compiler(), source);
}
