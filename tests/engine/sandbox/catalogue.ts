// The tampering catalogue's files and what every result graded from hostile code must look like.
import { readdirSync, readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { exerciseIds, type TestResult } from '../../../src/engine';
import { LOG_BYTES_MAX } from '../../../src/engine/grader/context';
import { LOG_LINE_MAX } from '../../../src/engine/sim/describe';

const DIR = 'tests/engine/tampering';

export interface CatalogueEntry {
  file: string;
  source: string;
  tries: string;
  exercise: string;
  expect?: RegExp;
  needsWatchdog: boolean;
}

/** An exercise named by a prefix (`05`), as the CLI accepts it, or in full. */
function fullId(name: string): string {
  return exerciseIds.find((id) => id === name || id.startsWith(`${name}-`)) ?? name;
}

/** The catalogue, read from the files' header comments (`// tries:`, `// exercise:`, `// expect:`, `// needs: watchdog`). */
export function catalogue(): CatalogueEntry[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .map((file) => {
      const source = readFileSync(`${DIR}/${file}`, 'utf8');
      const header = (key: string) => new RegExp(`^// ${key}: (.*)$`, 'm').exec(source.split('\n').slice(0, 5).join('\n'))?.[1]?.trim();
      const expectText = header('expect');
      return {
        file,
        source,
        tries: header('tries') ?? '',
        exercise: fullId(header('exercise') ?? '05-faults'),
        expect: expectText ? new RegExp(expectText) : undefined,
        needsWatchdog: /^\/\/ needs: watchdog/m.test(source),
      };
    });
}

/** A host path, temp folder or bundle name: none may reach results or logs. */
export const HOST_PATH = /(?:^|[\s('"@])(?:file:\/\/|node:[a-z]|\/(?:tmp|work|home|usr|var|private|Users|opt)\/)|\.mjs\b|node_modules|[A-Z]:\\/;

/** What every graded result must look like, whatever the submission did. */
export function expectClear(r: TestResult, where: string): void {
  if (r.status === 'fail') {
    expect(typeof r.message, where).toBe('string');
    expect(r.message!.length, `${where}: ${r.message}`).toBeGreaterThanOrEqual(15);
  }
  for (const text of [r.message ?? '', r.stack ?? '', r.expected ?? '', r.observed ?? '']) expect(text, where).not.toMatch(HOST_PATH);
  let bytes = 0;
  for (const line of r.logs) {
    expect(line.length, `${where}: a log line`).toBeLessThanOrEqual(LOG_LINE_MAX);
    expect(line, where).not.toMatch(HOST_PATH);
    bytes += line.length;
  }
  expect(bytes, `${where}: log bytes`).toBeLessThanOrEqual(LOG_BYTES_MAX + 200);
}

