// The hosts' side of grader integrity: the compile step (acorn) keeps every legal text gradable under
// SES and reports code that runs strings at its line; loop guards stop a run at the learner's line;
// a pass needs every test run and passed; the CLI cleans up and stays quiet on every way out.
// Through the real CLI (esbuild, SES Compartment, worker thread) where SES is involved: lockdown()
// would freeze this test process's own realm.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build, transform } from 'esbuild';
import { compileLearner } from '../../src/hosts/compile';
import { describeSite, GUARD_NAME } from '../../src/hosts/guard-site';
import { handlerOf } from '../../src/hosts/guard';
import { SES_PATTERNS } from '../../src/hosts/instrument';
import { LearnerSourceMap } from '../../src/hosts/stack';
import { suiteFor } from '../../src/engine';

const ROOT = path.resolve(__dirname, '../..');
const CACHE_ROOT = path.join(ROOT, 'node_modules/.cache/consensus-course-tests');
mkdirSync(CACHE_ROOT, { recursive: true });
const made: string[] = [];
const keep = (dir: string) => (made.push(dir), dir);
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A build folder of this test's own: after every run it must be empty again. */
function freshCache(): string {
  return keep(mkdtempSync(path.join(CACHE_ROOT, 'hosts-')));
}

function grade(args: string[], cache = freshCache(), timeout = 60_000) {
  const started = Date.now();
  const r = spawnSync(process.execPath, ['scripts/grade.mjs', ...args], { cwd: ROOT, encoding: 'utf8', timeout, env: { ...process.env, CONSENSUS_GRADE_CACHE: cache } });
  return { code: r.status, out: r.stdout, err: r.stderr, ms: Date.now() - started, left: readdirSync(cache) };
}

const jsonLines = (out: string) => out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));

function tmpFile(name: string, text: string): string {
  const dir = keep(mkdtempSync(path.join(CACHE_ROOT, 'src-')));
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return path.relative(ROOT, file);
}

const compile = (source: string) => compileLearner(transform as never, source, 'node.ts');

/** Evaluates compiled CommonJS outside SES with a counting guard (trusted test code only). */
function evaluate(code: string): { exports: Record<string, unknown>; guards: () => number } {
  let guards = 0;
  const module = { exports: {} as Record<string, unknown> };
  new Function(GUARD_NAME, 'module', 'exports', code)(() => void guards++, module, module.exports);
  return { exports: module.exports, guards: () => guards };
}

const TEXTS = `
// A comment that mentions import(x), eval(y), <!-- and --> is not code.
/* neither is import("fs") here */
export const texts = ["eval(", 'import(x)', "<!-- -->", "a-->b", "x\\u0028", "import //", "\\\\eval("];
export const tpl = \`one eval(\${1 + 1}) two import( <!-- three --> \${"x"}\`;
export const raw = String.raw\`eval(\\n) import(\`;
export const re = [/eval\\(|<!--/g.source, /-->/.flags, /a(b)-->/.exec("ab-->")?.[1]];
export const obj = { eval() { return 'e'; }, import() { return 'i'; }, get ["eval("]() { return 'g'; } };
export class K { eval(x: number) { return x + 1; } #eval() { return 5; } #import = 6; p() { return this.#eval() + this.#import + (#eval in this ? 1 : 0); } }
`;

describe('compile: SES-safe text, same values', () => {
  it('rewrites strings, templates, regular expressions and method names that SES would reject, keeping their values', async () => {
    const compiled = await compile(TEXTS);
    expect(compiled.ok).toBe(true);
    if (!compiled.ok) return;
    for (const pattern of SES_PATTERNS) expect(compiled.code.match(new RegExp(pattern.source, 'g'))).toBeNull();
    const plain = (await transform(TEXTS, { loader: 'ts', format: 'cjs', target: 'es2022' })).code;
    const a = evaluate(compiled.code).exports as any;
    const b = evaluate(plain).exports as any;
    expect(a.texts).toEqual(b.texts);
    expect(a.tpl).toBe(b.tpl);
    expect(a.raw).toBe('eval(\\n) import(');
    expect(a.raw).toBe(b.raw);
    expect(a.re).toEqual(b.re);
    expect([a.obj.eval(), a.obj.import(), a.obj['eval(']]).toEqual(['e', 'i', 'g']);
    expect(new a.K().eval(1)).toBe(2);
    expect(new a.K().p()).toBe(12);
  });

  it('reports a real eval, import() and Function constructor at the learner\'s line', async () => {
    const r = await compile(['export class Node {', '  a() {', '    return eval("1");', '  }', '  b() { return import("fs"); }', '}', 'export const f = new Function("return 1");', 'export const g = Function("x", "return x");', ''].join('\n'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.line, p.message.split(' ')[0]])).toEqual([
      [3, 'eval(...)'],
      [5, 'import(...)'],
      [7, 'the'],
      [8, 'the'],
    ]);
    expect(r.problems[2]!.message).toMatch(/Function constructor/);
  });

  it('an indirect or property eval is no direct eval: it compiles', async () => {
    const r = await compile('export const a = (0, eval)("1"); export const o = { eval: 1 }; export const c = o.eval;');
    expect(r.ok).toBe(true);
  });

  it('reserves the guard\'s name', async () => {
    const r = await compile(`export const ${GUARD_NAME} = 1;`);
    expect(r.ok).toBe(false);
  });

  it('guards every loop body and function entry, with the TypeScript line in the site id', async () => {
    const src = ['export function f(n: number) {', '  let i = 0;', '  while (i < n) i++;', '  do { i--; } while (i > 0);', '  for (const x of [1, 2]) i += x;', '  for (const k in { a: 1 }) i += k.length;', '  for (;;) break;', '  const g = (y: number) => y * 2;', '  return g(i);', '}', ''].join('\n');
    const r = await compile(src);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const sites = [...r.code.matchAll(new RegExp(`${GUARD_NAME.replace(/\$/g, '\\$')}\\((\\d+)\\)`, 'g'))].map((m) => describeSite(Number(m[1])));
    for (const expected of ['the function that starts at line 1', 'the while loop at line 3', 'the do-while loop at line 4', 'the for-of loop at line 5', 'the for-in loop at line 6', 'the for loop at line 7', 'the arrow function that starts at line 8']) {
      expect(sites).toContain(expected);
    }
    const run = evaluate(r.code);
    const before = run.guards();
    expect((run.exports.f as (n: number) => number)(3)).toBe(8);
    // f's entry, 3 + 3 + 2 + 1 + 1 loop bodies, g's entry (and the export getter esbuild adds).
    expect(run.guards() - before).toBeGreaterThanOrEqual(12);
  });

  it('the source map still points stack positions at the right TypeScript line after instrumentation', async () => {
    const src = ['export class Node {', '  onHeartbeat() {', '    while (true) {', '      const s = "eval(" + `import(` + "-->";', '      throw new Error(s);', '    }', '  }', '}', ''].join('\n');
    const r = await compile(src);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const map = new LearnerSourceMap(r.map);
    const lines = r.code.split('\n');
    const at = lines.findIndex((l) => l.includes('throw new Error'));
    const column = lines[at]!.indexOf('throw');
    // The sandbox wraps the code in one extra line (stack positions are 1-based).
    expect(map.original(at + 2, column + 1)?.line).toBe(5);
  });

  it('names the handler from the outermost frame of the learner\'s module', () => {
    const frame = (name: string | null, line = 3) => (name ? `    at ${name} (learner.js:${line}:5)` : `    at learner.js:${line}:5`);
    expect(handlerOf(['Error: trip', '    at Deadline.guard (/x/worker.mjs:1:1)', frame('Node.spin', 9), frame('Node.onHeartbeat'), '    at Simulation.invoke (/x/worker.mjs:2:2)'].join('\n'), 'learner.js')).toBe('onHeartbeat');
    expect(handlerOf([frame('eval [as callback]')].join('\n'), 'learner.js')).toBe('a timer callback');
    expect(handlerOf([frame('get state [as state]')].join('\n'), 'learner.js')).toBe('the getter of state');
    expect(handlerOf([frame('new Node')].join('\n'), 'learner.js')).toBe('the constructor');
    expect(handlerOf([frame(null)].join('\n'), 'learner.js')).toBeNull();
  });
});

describe('through the real CLI (SES compartment, worker thread)', () => {
  it('a correct solution whose strings and comments contain eval(, import(, <!-- and --> grades normally', () => {
    const reference = readFileSync(path.join(ROOT, 'solutions/03-election/solution.ts'), 'utf8');
    const file = tmpFile('solution.ts', `${reference}\n// The grader used to reject this: see import(...) and eval(...)\n${TEXTS}\nexport const note = () => console.log("eval(", \`<!-- \${1} -->\`);\n`);
    const r = grade(['03', file, '--json']);
    expect(r.code, r.out + r.err).toBe(0);
    const summary = jsonLines(r.out).find((l) => l.summary)?.summary;
    const total = suiteFor('03-election')!.tests.length;
    expect(summary).toMatchObject({ verdict: 'pass', total, passed: total, notRun: 0 });
    expect(r.left).toEqual([]);
  });

  it('a load failure is exit 2 with one message, as JSON too, never "0 of 0 tests pass"', () => {
    const text = grade(['05', 'tests/engine/tampering/hosts-top-level-throw.ts']);
    expect(text.code).toBe(2);
    expect(text.out).toContain('Not graded: Your module threw while loading');
    expect(text.out).toMatch(/line 4, column \d+\) of tests\/engine\/tampering\/hosts-top-level-throw\.ts/);
    expect(text.out).not.toMatch(/Result:|Well done|✗/);
    const json = grade(['05', 'tests/engine/tampering/hosts-top-level-throw.ts', '--json']);
    expect(json.code).toBe(2);
    expect(jsonLines(json.out)).toEqual([expect.objectContaining({ error: 'load', line: 4 })]);
    const noExport = grade(['05', 'tests/engine/tampering/hosts-no-node-export.ts', '--json']);
    expect(noExport.code).toBe(2);
    expect(jsonLines(noExport.out)[0]).toMatchObject({ error: 'export', message: expect.stringContaining('export a class named Node') });
  });

  it('a module whose top level never ends is one clear error naming the loop', () => {
    const file = tmpFile('top.ts', 'let n = 0;\nwhile (n >= 0) n = (n + 1) % 7;\nexport class Node {}\n');
    const r = grade(['05', file, '--timeout', '800']);
    expect(r.code).toBe(2);
    expect(r.out).toContain("Not graded: Your module's top-level code did not finish within 0.8 s of real time: it was still running the while loop at line 2.");
    expect(r.ms).toBeLessThan(15_000);
  });

  it('a compile error and a real eval are JSON errors with their lines under --json', () => {
    const syntax = grade(['02', 'tests/engine/tampering/syntax-error.ts', '--json']);
    expect(syntax.code).toBe(2);
    expect(jsonLines(syntax.out)[0]).toMatchObject({ error: 'compile', problems: [expect.objectContaining({ line: 4 })] });
    const evil = grade(['03', 'tests/engine/tampering/hosts-real-eval.ts', '--json']);
    expect(evil.code).toBe(2);
    expect(jsonLines(evil.out)[0]).toMatchObject({ error: 'compile', problems: [expect.objectContaining({ line: 9, message: expect.stringContaining('eval(...)') })] });
  });

  it('a getter that spins whenever it is read stops the suite at the first test, naming the getter and its line', () => {
    const r = grade(['03', 'tests/engine/tampering/hosts-spinning-getter.ts', '--timeout', '1000', '--json']);
    expect(r.code).toBe(1);
    const lines = jsonLines(r.out);
    const results = lines.filter((l) => l.id);
    expect(results).toHaveLength(suiteFor('03-election')!.tests.length);
    expect(results[0]).toMatchObject({ status: 'fail', rule: 'timeout' });
    expect(results[0].message).toMatch(/did not finish within 1 s of real time .*the getter of state on n1 at t=0ms was still running the while loop at line 9/);
    expect(results.slice(1).every((x) => x.status === 'fail' && x.notRun)).toBe(true);
    expect(lines.at(-1).summary).toMatchObject({ verdict: 'fail', passed: 0, notRun: suiteFor('03-election')!.tests.length - 1 });
    expect(r.ms).toBeLessThan(15_000); // one second, not fifteen tests times five
  });

  it('an endless loop in a timer callback that swallows the stop signal is named with its node, time and line', () => {
    const r = grade(['05', 'tests/engine/tampering/hosts-endless-handler.ts', '--timeout', '1000']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/Test 05\.1 did not finish within 1 s of real time and was stopped: a timer callback on n1 at t=200ms was still running the while loop at line 13/);
    expect(r.out).toContain(`Stopped at 05.1: a test ran out of time. ${suiteFor('05-faults')!.tests.length - 1} tests were not run.`);
    expect(r.out).toContain(`Result: 0 of ${suiteFor('05-faults')!.tests.length} tests pass`);
  });

  it('the whole suite has a budget: a correct node past it is not a pass', () => {
    const r = grade(['05', 'solutions/05-faults/solution.ts', '--suite-timeout', '150', '--json']);
    expect(r.code).toBe(1);
    const summary = jsonLines(r.out).at(-1).summary;
    expect(summary.verdict).toBe('fail');
    expect(summary.notRun).toBeGreaterThan(0);
    expect(summary.stopped).toMatch(/budget of 0\.2 s|did not finish within the whole suite's budget/);
  });

  it('a pending microtask that spins does not keep the CLI alive', () => {
    const r = grade(['05', 'tests/engine/tampering/hosts-pending-microtask.ts', '--timeout', '1000'], freshCache(), 30_000);
    expect(r.code).toBe(1);
    expect(r.ms).toBeLessThan(20_000);
  });

  it('memory: a handler that allocates without end is stopped with a clear message', () => {
    // 16 MB a step, and a time limit long enough for the heap limit to come first.
    const bomb = readFileSync(path.join(ROOT, 'tests/engine/tampering/hosts-memory-bomb.ts'), 'utf8').replace('1 << 20', '1 << 22');
    expect(bomb).toContain('1 << 22');
    const r = grade(['05', tmpFile('bomb.ts', bomb), '--timeout', '20000']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/used more than \d+ MB of memory/);
  });

  it('a regular expression that backtracks for ever is stopped by the backstop, and the suite stops', () => {
    const r = grade(['02', 'tests/engine/tampering/hosts-regex-backtrack.ts', '--timeout', '800']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('the grader had to end the worker');
    expect(r.out).toMatch(/9 tests were not run/);
    expect(r.ms).toBeLessThan(15_000);
  });

  it('--help, bad arguments and compile errors leave no build folder; host paths never appear', () => {
    for (const args of [['--help'], ['99'], ['02', '--bogus'], ['02', 'tests/engine/tampering/syntax-error.ts'], ['05', 'tests/engine/tampering/hosts-top-level-throw.ts']]) {
      const r = grade(args);
      expect(r.left, args.join(' ')).toEqual([]);
      expect(r.out + r.err).not.toMatch(/grade-[A-Za-z0-9]{6}|node_modules|\/work\/|file:\/\//);
    }
    expect(grade(['--help']).code).toBe(0);
  });

  it('Ctrl+C while grading removes the build folder', async () => {
    const cache = freshCache();
    const child = spawn(process.execPath, ['scripts/grade.mjs', '02', 'tests/engine/tampering/infinite-loop.ts', '--timeout', '20000'], { cwd: ROOT, env: { ...process.env, CONSENSUS_GRADE_CACHE: cache } });
    await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => d.toString().includes('02.1') && resolve()));
    expect(readdirSync(cache).length).toBe(1);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(130);
    expect(readdirSync(cache)).toEqual([]);
  });

  it('a closed pipe ends quietly, without a stack trace, and cleans up', () => {
    const cache = freshCache();
    const r = spawnSync('sh', ['-c', `"${process.execPath}" scripts/grade.mjs 02 | head -1`], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, CONSENSUS_GRADE_CACHE: cache } });
    expect(r.stdout).toMatch(/^Grading 02-request-vote/);
    expect(r.stderr).toBe('');
    expect(readdirSync(cache)).toEqual([]);
  });
});

// The CLI host counts tests itself: a worker that reports fewer results than the suite has, repeats
// one, claims a pass in its summary, or dies, never yields a pass. Fake workers stand in for it here.
describe('the CLI counts expected tests against reported ones', () => {
  const ids = ['02.1', '02.2', '02.3', '02.4', '02.5', '02.6', '02.7', '02.8', '02.9', '02.10'];
  const pass = (id: string, index: number) => `parentPort.postMessage({ type: 'result', index: ${index}, result: { id: '${id}', name: 'x', section: 'y', status: 'pass', runs: 1, logs: [] } });`;
  const fakes: Record<string, string> = {
    'one result, then a summary claiming ten passes': `${pass('02.1', 0)}\nparentPort.postMessage({ type: 'done', summary: { exercise: '02-request-vote', passed: 10, failed: 0, expected: 10 } });`,
    'the same passing result ten times': `${ids.map(() => pass('02.1', 0)).join('\n')}\nparentPort.postMessage({ type: 'done', summary: { exercise: '02-request-vote', passed: 10, failed: 0 } });`,
    'results for tests of another exercise': `${ids.map((id, i) => pass(id.replace('02', '03'), i)).join('\n')}\nparentPort.postMessage({ type: 'done', summary: { exercise: '02-request-vote', passed: 10, failed: 0 } });`,
    'nine passes, then the worker dies': `${ids.slice(0, 9).map(pass).join('\n')}\nprocess.exit(0);`,
  };
  let dir = '';
  it.each(Object.keys(fakes))('%s: exit 1, not a pass', async (name) => {
    if (!dir) {
      dir = keep(mkdtempSync(path.join(CACHE_ROOT, 'fake-')));
      await build({ entryPoints: [path.join(ROOT, 'src/hosts/node/cli.ts')], outfile: path.join(dir, 'cli.mjs'), bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'silent' });
    }
    const worker = path.join(dir, `${Object.keys(fakes).indexOf(name)}.mjs`);
    writeFileSync(worker, `import { parentPort } from 'node:worker_threads';\nparentPort.postMessage({ type: 'ready', tests: [] });\n${fakes[name]}\n`);
    const runner = path.join(dir, 'run.mjs');
    writeFileSync(runner, `import { main } from './cli.mjs';\nprocess.exitCode = await main(process.argv.slice(3), process.argv[2]);\n`);
    const r = spawnSync(process.execPath, [runner, worker, '02', 'solutions/02-request-vote/solution.ts', '--json'], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(r.status, r.stdout + r.stderr).toBe(1);
    const summary = jsonLines(r.stdout).at(-1).summary;
    expect(summary.verdict).toBe('fail');
    expect(summary.total).toBe(10);
    expect(summary.passed).toBeLessThan(10);
  });
});
