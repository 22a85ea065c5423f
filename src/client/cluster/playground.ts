// The playground page: a cluster running in the page, with the reference node or the learner's own
// saved code, and faults applied at the moment shown. A run is a pure function of (seed, size,
// code, actions): acting appends an action at the current virtual time and re-runs from time 0
// (the prefix is identical), while playing past the end runs the same simulation further. The
// reference runs here in the page; learner code runs in a Web Worker under SES.
import type { NodeId } from '../../engine/contract/raft';
import type { TraceEvent, Violation } from '../../engine/sim/trace';
import { plainProgram } from '../../engine/sim/program';
import { formatTime } from '../../engine/view/describe-event';
import { Timeline } from '../../engine/view/replay';
import { codeKey } from '../progress';
import { LiveRun, decodeScenario, describeAction, encodeScenario, nodeIds, type Action, type Scenario } from './scenario';
import type { SimRequest, SimResponse } from './sim-worker';
import { mountClusterView, type ClusterView } from './view';

const STEP = 4000; // virtual ms simulated ahead of the picture
const CAP = 120_000; // the playground stops extending a run here
const LEARNER_EXERCISES = ['03-election', '04-heartbeats', '05-faults'];
const WATCHDOG_MS = 10_000;

interface Chunk {
  events: TraceEvent[];
  until: number;
  violation: Violation | null;
  nodes: NodeId[];
}

interface Runner {
  readonly label: string;
  start(s: Scenario, until: number): Promise<Chunk>;
  extend(until: number): Promise<Chunk>;
  dispose(): void;
}

class ReferenceRunner implements Runner {
  readonly label = 'the reference solution';
  private readonly program;
  private run: LiveRun | null = null;
  constructor(code: string) {
    this.program = plainProgram(code);
  }
  async start(s: Scenario, until: number): Promise<Chunk> {
    this.run = new LiveRun(this.program, s);
    return { ...this.run.extend(until), nodes: this.run.nodes };
  }
  /** Runs on in slices of virtual time, yielding between them, so the picture keeps playing meanwhile. */
  async extend(until: number): Promise<Chunk> {
    const run = this.run;
    if (!run) throw new Error('no run');
    const events: TraceEvent[] = [];
    let last;
    for (let t = run.sim.now; ; ) {
      t = Math.min(until, t + 500);
      last = run.extend(t);
      for (const e of last.events) events.push(e);
      if (t >= until || last.violation) break;
      await new Promise((r) => setTimeout(r, 0));
      if (run !== this.run) throw new Error('superseded');
    }
    return { events, until: last.until, violation: last.violation, nodes: run.nodes };
  }
  dispose(): void {}
}

class WorkerRunner implements Runner {
  private worker: Worker | null = null;
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (c: Chunk) => void; reject: (e: Error) => void; timer: number }>();
  constructor(
    readonly label: string,
    private readonly code: string,
  ) {}

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(new URL('./sim-worker.ts', import.meta.url), { type: 'module' });
    w.addEventListener('message', (ev: MessageEvent<SimResponse>) => {
      const p = this.pending.get(ev.data.seq);
      if (!p) return;
      this.pending.delete(ev.data.seq);
      clearTimeout(p.timer);
      if (ev.data.type === 'error') p.reject(new Error(ev.data.message));
      else p.resolve({ events: ev.data.events, until: ev.data.until, violation: ev.data.violation, nodes: ev.data.nodes });
    });
    w.addEventListener('error', (ev) => this.fail(`The worker failed: ${ev.message || 'unknown error'}`));
    this.worker = w;
    return w;
  }

  private fail(message: string): void {
    this.worker?.terminate();
    this.worker = null;
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error(message));
    }
    this.pending.clear();
  }

  private send(req: SimRequest extends infer R ? (R extends unknown ? Omit<R, 'seq'> : never) : never): Promise<Chunk> {
    const w = this.ensure();
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      const timer = window.setTimeout(() => this.fail(`Your code ran for more than ${WATCHDOG_MS / 1000} s without finishing: an endless loop?`), WATCHDOG_MS);
      this.pending.set(seq, { resolve, reject, timer });
      w.postMessage({ ...req, seq });
    });
  }

  start(s: Scenario, until: number): Promise<Chunk> {
    return this.send({ type: 'start', code: this.code, scenario: s, until });
  }
  extend(until: number): Promise<Chunk> {
    return this.send({ type: 'extend', until });
  }
  dispose(): void {
    this.fail('stopped');
  }
}

function readSaved(exercise: string): string | null {
  try {
    const v = localStorage.getItem(codeKey(exercise));
    return v && v.trim() ? v : null;
  } catch {
    return null;
  }
}

export function initPlayground(root: HTMLElement): void {
  const $ = <T extends Element>(sel: string) => root.querySelector<T>(sel)!;
  const refCode = JSON.parse(document.getElementById('pg-reference')!.textContent!) as string;
  const viewHost = $<HTMLElement>('[data-pg-view]');
  const seedInput = $<HTMLInputElement>('#pg-seed');
  const sizeSel = $<HTMLSelectElement>('#pg-size');
  const codeSel = $<HTMLSelectElement>('#pg-code');
  const codeNote = $<HTMLElement>('[data-pg-code-note]');
  const nodeSel = $<HTMLSelectElement>('#pg-node');
  const cutFrom = $<HTMLSelectElement>('#pg-cut-from');
  const cutTo = $<HTMLSelectElement>('#pg-cut-to');
  const dropSel = $<HTMLSelectElement>('#pg-drop');
  const groupsBox = $<HTMLElement>('[data-pg-groups]');
  const actionsList = $<HTMLOListElement>('[data-pg-actions]');
  const undoBtn = $<HTMLButtonElement>('[data-pg-undo]');
  const linkInput = $<HTMLInputElement>('#pg-link');
  const status = $<HTMLElement>('[data-pg-status]');
  const message = $<HTMLElement>('[data-pg-message]');

  let scenario = decodeScenario(location.search);
  let runner: Runner = new ReferenceRunner(refCode);
  const referenceRunner = runner;
  let trace: TraceEvent[] = [];
  let nodes: NodeId[] = [];
  let horizon = 0;
  let violation: Violation | null = null;
  let view: ClusterView | null = null;
  let generation = 0;
  let extending = false;
  let sideB = new Set<NodeId>();
  let selected: NodeId | null = null;

  // Learner code: offer each node exercise whose code is saved in this browser.
  for (const ex of LEARNER_EXERCISES) {
    if (!readSaved(ex)) continue;
    const o = document.createElement('option');
    o.value = ex;
    o.textContent = `Your code for exercise ${ex.slice(0, 2)} (saved in this browser)`;
    codeSel.append(o);
  }

  function say(text: string): void {
    message.textContent = text;
    message.hidden = !text;
  }

  function fillNodeControls(): void {
    const ids = nodeIds(scenario.size);
    for (const sel of [nodeSel, cutFrom, cutTo]) {
      const keep = sel.value;
      sel.replaceChildren(...ids.map((id) => Object.assign(document.createElement('option'), { value: id, textContent: id })));
      if (ids.includes(keep)) sel.value = keep;
    }
    if (cutTo.value === cutFrom.value) cutTo.value = ids[1]!;
    sideB = new Set([...sideB].filter((id) => ids.includes(id)));
    if (!sideB.size) for (const id of ids.slice(Math.ceil(ids.length / 2))) sideB.add(id);
    groupsBox.replaceChildren(
      ...ids.map((id) => {
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'pg-side';
        b.dataset.node = id;
        b.setAttribute('aria-pressed', String(sideB.has(id)));
        b.textContent = `${id}: side ${sideB.has(id) ? 'B' : 'A'}`;
        b.addEventListener('click', () => {
          if (sideB.has(id)) sideB.delete(id);
          else sideB.add(id);
          b.setAttribute('aria-pressed', String(sideB.has(id)));
          b.textContent = `${id}: side ${sideB.has(id) ? 'B' : 'A'}`;
        });
        return b;
      }),
    );
  }

  function syncForm(): void {
    seedInput.value = String(scenario.seed);
    sizeSel.value = String(scenario.size);
    const rate = [...dropSel.options].map((o) => Number(o.value)).reduce((a, b) => (Math.abs(b - scenario.dropRate) < Math.abs(a - scenario.dropRate) ? b : a), 0);
    dropSel.value = String(rate);
    fillNodeControls();
  }

  function updateUrl(): void {
    const q = encodeScenario(scenario);
    history.replaceState(null, '', `${location.pathname}?${q}`);
    linkInput.value = location.href;
    actionsList.replaceChildren(
      ...scenario.actions.map((a) => {
        const li = document.createElement('li');
        li.textContent = describeAction(a);
        return li;
      }),
    );
    if (!scenario.actions.length) {
      const li = document.createElement('li');
      li.className = 'pg-empty';
      li.textContent = 'Nothing yet: the cluster runs undisturbed.';
      actionsList.append(li);
    }
    undoBtn.disabled = !scenario.actions.length;
  }

  function describeRun(): void {
    const end = violation ? ` It stopped at ${formatTime(violation.time)}: rule broken (${violation.rule}).` : '';
    status.textContent = `Seed ${scenario.seed}, ${scenario.size} nodes, running ${runner.label}: ${trace.length.toLocaleString('en')} events simulated up to ${formatTime(horizon)}.${end}`;
  }

  function showViolation(v: Violation | null): void {
    violation = v;
    if (v) {
      say(`The run stopped at ${formatTime(v.time)}, rule broken (${v.rule}): ${v.message} `);
      const go = document.createElement('button');
      go.type = 'button';
      go.className = 'button button-small';
      go.dataset.pgViolation = '';
      go.textContent = 'Show the moment it broke';
      go.addEventListener('click', () => {
        view?.pause();
        view?.seek(v.eventIndex);
      });
      message.append(go);
    }
    view?.setHorizon(horizon);
    view?.setOpenEnded(!v && horizon < CAP);
  }

  async function pickRunner(): Promise<void> {
    const ex = codeSel.value;
    if (!ex) {
      if (runner !== referenceRunner) runner.dispose();
      runner = referenceRunner;
      codeNote.textContent = 'The reference node of exercise 05 (a complete Raft election).';
      delete scenario.code;
      return;
    }
    const source = readSaved(ex);
    if (!source) {
      codeSel.value = '';
      codeNote.textContent = `No code for exercise ${ex} is saved in this browser: running the reference instead.`;
      runner = referenceRunner;
      delete scenario.code;
      return;
    }
    codeNote.textContent = 'Compiling your code…';
    const { compile } = await import('../workbench/compiler'); // the workbench's esbuild-wasm, loaded on demand
    const compiled = await compile(source, 'node.ts').catch((e: Error) => ({ ok: false as const, problems: [{ message: e.message, line: 1, column: 1 }] }));
    if (!compiled.ok) {
      const p = compiled.problems[0]!;
      codeNote.textContent = `Your code for exercise ${ex} does not compile (line ${p.line}: ${p.message}): running the reference instead.`;
      codeSel.value = '';
      runner = referenceRunner;
      delete scenario.code;
      return;
    }
    if (runner !== referenceRunner) runner.dispose();
    runner = new WorkerRunner(`your code for exercise ${ex}`, compiled.code);
    scenario.code = ex;
    codeNote.textContent = `Your code for exercise ${ex} runs in a sandboxed worker (SES). If it breaks a safety rule, the run stops there.`;
  }

  function playing(): boolean {
    return view?.playing ?? false;
  }

  /** Runs the scenario from time 0 and shows it at virtual time `time`. */
  async function restart(time: number): Promise<void> {
    const gen = ++generation;
    const until = Math.min(CAP, Math.max(STEP, time + STEP, ...scenario.actions.map((a) => a.t + 500)));
    let chunk: Chunk;
    try {
      chunk = await runner.start(scenario, until);
    } catch (error) {
      if (gen !== generation) return;
      say(`${(error as Error).message} Running the reference instead.`);
      codeSel.value = '';
      await pickRunner();
      return restart(time);
    }
    if (gen !== generation) return;
    trace = chunk.events;
    nodes = chunk.nodes;
    horizon = chunk.until;
    const timeline = new Timeline(trace, nodes);
    if (!view) {
      view = mountClusterView(viewHost, {
        timeline,
        horizon,
        label: 'Playground cluster',
        speed: 0.05,
        keyEventsOnly: true,
        onNearEnd: () => void extend(),
        onNodeClick: (id) => selectNode(id),
      });
    } else {
      view.setTimeline(timeline, { horizon, time: Math.min(time, horizon) });
    }
    if (selected) view.setSelected(selected);
    say('');
    showViolation(chunk.violation);
    describeRun();
    root.dataset.ready = '';
  }

  async function extend(): Promise<void> {
    if (extending || violation || horizon >= CAP || !view) return;
    extending = true;
    const gen = generation;
    try {
      const chunk = await runner.extend(Math.min(CAP, horizon + STEP));
      if (gen !== generation) return;
      for (const e of chunk.events) trace.push(e);
      horizon = chunk.until;
      view.setTimeline(new Timeline(trace, nodes), { horizon });
      showViolation(chunk.violation);
      if (horizon >= CAP) say(`The playground simulates up to ${CAP / 1000} s of virtual time. Start a new run to go on.`);
      describeRun();
    } catch (error) {
      if (gen === generation) say((error as Error).message);
    } finally {
      extending = false;
    }
  }

  function selectNode(id: NodeId): void {
    selected = id;
    nodeSel.value = id;
    view?.setSelected(id);
  }

  /** Appends an action at the moment shown and re-runs. */
  function act(make: (t: number) => Action | null): void {
    if (!view) return;
    const t = Math.ceil(view.time * 10) / 10;
    const action = make(t);
    if (!action) return;
    scenario.actions.push(action);
    updateUrl();
    const wasPlaying = playing();
    void restart(t).then(() => {
      if (wasPlaying && view && !view.playing) view.play();
    });
  }

  // ---------------------------------------------------------------- wiring

  // The page opens paused under a short prompt; the learner's first interaction with the playground
  // (a click on the picture or a fault button, a key other than Tab) starts it playing. The view's
  // own controls, the violation link and the form fields of a new run do their own thing.
  const prompt = root.querySelector<HTMLElement>('[data-pg-prompt]');
  let started = false;
  const firstTouch = (e: Event) => {
    if (started || !view) return;
    if (e instanceof KeyboardEvent && (e.key === 'Tab' || e.key === 'Shift' || e.altKey || e.ctrlKey || e.metaKey)) return;
    const target = e.target as Element | null;
    started = true;
    // The prompt goes once the click is over: hiding it at pointerdown would move what is under the pointer.
    if (prompt) {
      if (e.type === 'keydown') prompt.hidden = true;
      else addEventListener('click', () => (prompt.hidden = true), { once: true });
    }
    // Moving in time (controls, scrubber, event log, tabs, "go to the violation") is not a start.
    if (target?.closest?.('.cv-controls, .cv-log, .cv-tabs, [data-scrubber], [data-pg-message], input, select, [data-pg-new], [data-pg-random], [data-pg-copy], [data-pg-undo]')) return;
    if (!view.playing) view.play();
  };
  root.addEventListener('pointerdown', firstTouch, true);
  root.addEventListener('keydown', firstTouch, true);

  nodeSel.addEventListener('change', () => selectNode(nodeSel.value));
  root.querySelectorAll<HTMLButtonElement>('[data-pg-act]').forEach((b) =>
    b.addEventListener('click', () => {
      const kind = b.dataset.pgAct!;
      if (kind === 'crash' || kind === 'restart' || kind === 'pause' || kind === 'resume') {
        const node = nodeSel.value;
        act((t) => ({ t, type: kind, node }));
      } else if (kind === 'part') {
        const ids = nodeIds(scenario.size);
        const a = ids.filter((id) => !sideB.has(id));
        const b2 = ids.filter((id) => sideB.has(id));
        if (!a.length || !b2.length) return say('Put at least one node on each side (click the node buttons to move them to side B).');
        act((t) => ({ t, type: 'part', groups: [a, b2] }));
      } else if (kind === 'heal') {
        act((t) => ({ t, type: 'heal' }));
      } else if (kind === 'cut') {
        if (cutFrom.value === cutTo.value) return say('Choose two different nodes to cut the link between.');
        act((t) => ({ t, type: 'cut', from: cutFrom.value, to: cutTo.value }));
      }
    }),
  );
  dropSel.addEventListener('change', () => {
    const rate = Number(dropSel.value);
    act((t) => ({ t, type: 'drop', rate }));
  });
  undoBtn.addEventListener('click', () => {
    if (!scenario.actions.length || !view) return;
    scenario.actions.pop();
    updateUrl();
    void restart(view.time);
  });
  $<HTMLButtonElement>('[data-pg-new]').addEventListener('click', () => {
    const seed = Math.max(0, Math.min(0xffffffff, Math.floor(Number(seedInput.value)) || 0));
    const size = Number(sizeSel.value);
    scenario = { seed, size, dropRate: Number(dropSel.value), actions: [], ...(scenario.code ? { code: scenario.code } : {}) };
    selected = null;
    fillNodeControls();
    updateUrl();
    view?.pause();
    void restart(0);
  });
  $<HTMLButtonElement>('[data-pg-random]').addEventListener('click', () => {
    seedInput.value = String(Math.floor(Math.random() * 100000));
  });
  codeSel.addEventListener('change', async () => {
    await pickRunner();
    updateUrl();
    void restart(view?.time ?? 0);
  });
  $<HTMLButtonElement>('[data-pg-copy]').addEventListener('click', async () => {
    linkInput.value = location.href;
    try {
      await navigator.clipboard.writeText(location.href);
      say('Link copied: it replays this exact run (your own code stays in this browser).');
    } catch {
      linkInput.select();
      say('Select the link and copy it.');
    }
  });

  // ---------------------------------------------------------------- start

  syncForm();
  if (scenario.code) codeSel.value = LEARNER_EXERCISES.includes(scenario.code) && readSaved(scenario.code) ? scenario.code : '';
  void (async () => {
    const asked = scenario.code;
    await pickRunner();
    if (asked && !scenario.code) codeNote.textContent = `This link runs your code for exercise ${asked}, but none is saved in this browser: running the reference instead.`;
    updateUrl();
    await restart(0);
  })();
}

const root = document.querySelector<HTMLElement>('[data-playground]');
if (root) initPlayground(root);
