// Compiles the learner's TypeScript to CommonJS with a source map, with either esbuild (CLI) or
// esbuild-wasm (page): both expose the same transform(). Errors come back with line and column.

export interface TransformLike {
  (source: string, options: Record<string, unknown>): Promise<{ code: string; map: string; warnings: unknown[] }>;
}

export interface CompileProblem {
  message: string;
  line: number;
  column: number;
  lineText?: string;
}

export type CompileResult = { ok: true; code: string; map: string } | { ok: false; problems: CompileProblem[] };

export async function compileLearner(transform: TransformLike, source: string, fileName = 'node.ts'): Promise<CompileResult> {
  let out;
  try {
    out = await transform(source, {
      loader: 'ts',
      format: 'cjs',
      target: 'es2022',
      sourcemap: 'external',
      sourcefile: fileName,
      logLevel: 'silent',
    });
  } catch (error) {
    const errors = (error as { errors?: { text: string; location?: { line: number; column: number; lineText?: string } | null }[] }).errors;
    if (!errors?.length) return { ok: false, problems: [{ message: String(error), line: 1, column: 1 }] };
    return {
      ok: false,
      problems: errors.map((e) => ({
        message: e.text,
        line: e.location?.line ?? 1,
        column: (e.location?.column ?? 0) + 1,
        lineText: e.location?.lineText,
      })),
    };
  }
  const imported = /(?:^|[^.\w$])require\(["']([^"']+)["']\)/m.exec(out.code);
  if (imported) {
    const line = source.split('\n').findIndex((l) => l.includes(imported[1]!)) + 1 || 1;
    return {
      ok: false,
      problems: [{ message: `"${imported[1]}" cannot be imported here: only \`import type { ... } from 'raft'\` is available; everything else your node needs comes through env.`, line, column: 1 }],
    };
  }
  return { ok: true, code: out.code, map: out.map };
}
