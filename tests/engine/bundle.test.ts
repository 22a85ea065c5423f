// One engine, two hosts: the engine and its browser worker bundle for the web with no Node APIs,
// and no source of non-determinism is reachable from the engine.
import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

describe('engine portability', () => {
  it('the browser grading worker bundles for the web platform', async () => {
    const result = await build({
      entryPoints: ['src/hosts/browser/grade-worker.ts'],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile!.inputs);
    expect(inputs.some((i) => i.includes('src/engine/suites/faults.ts'))).toBe(true);
    expect(inputs.filter((i) => i.startsWith('node:'))).toEqual([]);
    expect(result.outputFiles[0]!.text.length).toBeGreaterThan(10_000);
  });

  it('src/engine uses no Node or DOM API, and no real clock or randomness', () => {
    const forbidden = [/from ['"]node:/, /\brequire\(/, /\bprocess\./, /\bdocument\./, /\bwindow\./, /Math\.random\(/, /Date\.now\(/, /performance\.now\(/, /(?<![.\w])setTimeout\(/, /(?<![.\w])setInterval\(/];
    const offenders: string[] = [];
    for (const file of files('src/engine').filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))) {
      const code = readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => !l.trim().startsWith('//') && !l.trim().startsWith('*'))
        // Method definitions of the virtual timers themselves are not calls to the real ones.
        .filter((l) => !/^\s*(set|clear)(Timeout|Interval)\(.*\)\s*:\s*\w+\s*[{;]/.test(l))
        .join('\n');
      for (const re of forbidden) if (re.test(code)) offenders.push(`${file}: ${re}`);
    }
    expect(offenders).toEqual([]);
  });
});
