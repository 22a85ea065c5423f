// Compiles the learner's TypeScript to CommonJS with a source map, with either esbuild (CLI) or
// esbuild-wasm (page): both expose the same transform(). Errors come back with line and column.
// Then instrument.ts (acorn) makes the output safe for SES's source checks, reports code that runs
// strings (eval, Function, import()) at the learner's line, and inserts the loop guards; the
// source map is remapped to the instrumented code. Loaded only where code is compiled (acorn).
import { SourceMapConsumer, SourceMapGenerator, type RawSourceMap } from 'source-map-js';
import { instrument, mapOffset, type Edit } from './instrument';

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
      legalComments: 'none', // comments are gone before SES reads the text
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
  return secure(out.code, out.map);
}

function lineStarts(code: string): number[] {
  const starts = [0];
  for (let i = code.indexOf('\n'); i >= 0; i = code.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line and 0-based column of an offset. */
function position(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! };
}

function secure(code: string, map: string): CompileResult {
  const raw = JSON.parse(map) as RawSourceMap;
  const consumer = new SourceMapConsumer(raw);
  const starts = lineStarts(code);
  const original = (offset: number) => {
    const p = position(starts, offset);
    const o = consumer.originalPositionFor({ line: p.line, column: p.column });
    if (o.line) return { line: o.line, column: (o.column ?? 0) + 1 };
    const after = consumer.originalPositionFor({ line: p.line, column: p.column, bias: SourceMapConsumer.LEAST_UPPER_BOUND });
    return { line: after.line ?? 1, column: (after.column ?? 0) + 1 };
  };
  let result;
  try {
    result = instrument(code, (offset) => original(offset).line);
  } catch (error) {
    // esbuild's output always parses; if acorn disagrees, say so rather than grade unguarded code.
    return { ok: false, problems: [{ message: `The grader could not prepare this code (${String((error as Error)?.message ?? error)})`, line: 1, column: 1 }] };
  }
  if (result.forbidden.length) {
    return { ok: false, problems: result.forbidden.map((f) => ({ message: f.message, ...original(f.offset) })) };
  }
  return { ok: true, code: result.code, map: remap(consumer, raw, starts, lineStarts(result.code), result.edits) };
}

/** The source map of the instrumented code: every generated position moved as the edits moved it. */
function remap(consumer: SourceMapConsumer, raw: RawSourceMap, before: number[], after: number[], edits: Edit[]): string {
  if (!edits.length) return JSON.stringify(raw);
  const generator = new SourceMapGenerator({ file: raw.file });
  consumer.eachMapping((m) => {
    const offset = before[m.generatedLine - 1]! + m.generatedColumn;
    const moved = position(after, mapOffset(offset, edits));
    generator.addMapping({
      generated: { line: moved.line, column: moved.column },
      ...(m.source && m.originalLine !== null && m.originalColumn !== null ? { source: m.source, original: { line: m.originalLine, column: m.originalColumn }, name: m.name ?? undefined } : {}),
    });
  });
  for (const [i, source] of (raw.sources ?? []).entries()) {
    const content = raw.sourcesContent?.[i];
    if (content != null) generator.setSourceContent(source, content);
  }
  return generator.toString();
}
