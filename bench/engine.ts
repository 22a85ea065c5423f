// Engine benchmark: each reference solution graded against its own hidden suite, in-process with
// the hardened host's compiler (esbuild) and the plain evaluator, as `npm run bench` prints it.
import { readFileSync } from 'node:fs';
import { transformSync } from 'esbuild';
import { gradeSuite, plainProgram, suites } from '../src/engine';

const REPEAT = 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

console.log(`Engine: reference solutions against their hidden suites (median of ${REPEAT} runs)\n`);
console.log('exercise          tests  runs   wall ms   events   events/s   virtual s   virtual s per wall s');
let totalWall = 0;
for (const suite of suites) {
  const code = transformSync(readFileSync(`solutions/${suite.exercise}/solution.ts`, 'utf8'), { loader: 'ts', format: 'cjs' }).code;
  const walls: number[] = [];
  let events = 0;
  let virtualMs = 0;
  let runs = 0;
  for (let i = 0; i < REPEAT; i++) {
    const t0 = performance.now();
    const summary = gradeSuite(suite, plainProgram(code), {});
    walls.push(performance.now() - t0);
    if (summary.failed) throw new Error(`${suite.exercise}: the reference failed ${summary.failed} tests`);
    events = summary.results.reduce((s, r) => s + (r.events ?? 0), 0);
    virtualMs = summary.results.reduce((s, r) => s + (r.virtualMs ?? 0), 0);
    runs = summary.results.reduce((s, r) => s + r.runs, 0);
  }
  const wall = median(walls);
  totalWall += wall;
  console.log(
    `${suite.exercise.padEnd(17)} ${String(suite.tests.length).padStart(5)} ${String(runs).padStart(5)} ${wall.toFixed(1).padStart(9)} ${String(events).padStart(8)} ${Math.round(events / (wall / 1000)).toLocaleString('en').padStart(10)} ${(virtualMs / 1000).toFixed(1).padStart(11)} ${Math.round(virtualMs / wall).toLocaleString('en').padStart(22)}`,
  );
}
console.log(`\nAll five suites: ${totalWall.toFixed(0)} ms wall (target: the election suites, with 200+ random seeds, under 1000 ms)`);

// The same grading end to end through the CLI: esbuild compile, SES lockdown, Compartment, worker.
import { spawnSync } from 'node:child_process';
for (const exercise of ['03-election', '05-faults']) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['scripts/grade.mjs', exercise, `solutions/${exercise}/solution.ts`], { encoding: 'utf8' });
  const wall = performance.now() - t0;
  const verdict = /Result: .*/.exec(r.stdout)?.[0] ?? r.stderr.slice(0, 200);
  console.log(`CLI, hardened worker: npm run grade -- ${exercise} (reference): ${wall.toFixed(0)} ms wall, process start to exit; ${verdict}`);
}
