// `npm start`: builds the site, saying which phase it is in and for how long (a first build takes a
// minute or two and Vite alone prints only "transforming..."), then serves it on port 4321.
// `npm run preview` serves the last build without building again.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const started = Date.now();
const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`.padStart(5);
const say = (text) => console.log(`[start ${elapsed()}] ${text}`);

/** Astro's log lines that start a phase worth naming, and the name a newcomer understands. */
const PHASES = [
  [/\[monaco\] bundling/, 'Bundling the code editor (Monaco) once; later builds reuse it'],
  [/Syncing content/, 'Reading the lessons and exercises'],
  [/Building static entrypoints/, 'Compiling the pages'],
  [/building client/, 'Bundling the scripts of the pages (the longest step)'],
  [/generating static routes/, 'Writing the HTML pages'],
  [/service worker precaches/, 'Offline support and search index written'],
];

function run(label, args) {
  say(`${label}…`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let last = Date.now();
    const beat = setInterval(() => {
      if (Date.now() - last >= 10_000) say('  … still working');
    }, 10_000);
    let tail = '';
    const onData = (chunk) => {
      tail = (tail + chunk).slice(-4000);
      for (const line of String(chunk).split('\n')) {
        const phase = PHASES.find(([re]) => re.test(line));
        if (phase) {
          say(phase[1]);
          last = Date.now();
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearInterval(beat);
      if (code === 0) resolve();
      else reject(new Error(`${label} failed (exit ${code}). Its last output:\n${tail}`));
    });
  });
}

try {
  await run('Building the site (the first build takes a minute or two)', ['node_modules/astro/astro.js', 'build']);
  await run('Indexing the site for search', ['node_modules/pagefind/lib/runner/bin.cjs', '--site', 'dist']);
} catch (error) {
  console.error(String(error.message ?? error));
  process.exit(1);
}
say('Built. Open http://localhost:4321 in your browser and press "Start the course".');
say('Exercises run in the page; the command-line grader (npm run grade) is optional. Ctrl+C stops the server.');
const server = spawn(process.execPath, ['node_modules/astro/astro.js', 'preview', '--port', '4321'], { cwd: ROOT, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
