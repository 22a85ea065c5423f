// "Watch this run": the trace of a failing test, opened inside that test's card (not below all
// results). The heading names the broken rule; the events are listed in plain English with the
// violation highlighted and scrolled into view, and the selected event's every field is shown in a
// detail pane beside the list (arrow keys or a click select).
//
// The cluster picture: the element [data-replay-picture] gets a 'course:replay' event (detail:
// { result, select(eventIndex) }) each time a run is opened (src/client/cluster/replay-hook.ts).
import type { TestResult, TraceEvent } from '../../engine';
import { describeEvent, formatTime } from '../../engine/view/describe-event';

/** Longest list rendered at once; the rest (far from the violation) is summarized. */
const WINDOW = 600;

export interface ReplayDetail {
  result: TestResult;
  /** Highlights an event of the list (by its index in the trace) and scrolls it into view. */
  select(eventIndex: number): void;
}

/** The simulator's rules, in words (RuleId in src/engine/sim/trace.ts). */
const RULES: Record<string, string> = {
  'election-safety': 'at most one leader per term (Election Safety, Raft §5.2)',
  'term-monotonic': "a node's term never decreases, across restarts too (Raft §5.1, figure 2)",
  'one-vote-per-term': 'at most one vote per term, across restarts too (Raft §5.2, figure 2)',
  'leader-has-majority': 'a leader has votes from a majority of the cluster (Raft §5.2)',
  'persist-before-reply': 'currentTerm and votedFor are persisted before a reply leaves (Raft figure 2)',
  'persist-before-send': 'currentTerm is persisted before a request leaves (Raft figure 2)',
  'reply-carries-term': "every reply carries the replier's current term (Raft figure 2)",
  'code-threw': 'your code must not throw',
  'bad-reply': 'a handler returns a reply of the contract’s shape',
  'bad-call': 'env calls get arguments of the contract’s shape',
  'bad-state': 'the node’s state fields hold values of the contract’s types',
  'too-many-events': 'a node does not flood the network with events',
};

/** The rule a failing result broke, in words: a simulator rule, else the rule its test is named after. */
export function ruleText(r: Pick<TestResult, 'rule' | 'name' | 'section'>): string {
  if (r.rule) return RULES[r.rule] ? `${RULES[r.rule]} [${r.rule}]` : r.rule;
  return `${r.name} (${r.section})`;
}

let home: { parent: Node; next: Node | null } | null = null;

function panel(): HTMLElement | null {
  return document.querySelector<HTMLElement>('[data-wb-replay]');
}

/** Hides the panel and puts it back where the page had it (before results are cleared). */
export function closeReplay(): void {
  const p = panel();
  if (!p) return;
  p.hidden = true;
  if (home && p.parentNode !== home.parent) home.parent.insertBefore(p, home.next && home.next.parentNode === home.parent ? home.next : null);
  document.querySelector('[data-workbench]')?.removeAttribute('data-replay-open');
}

/** Every field of an event, flattened ("msg.body.term"), values as JSON. */
export function eventFields(e: TraceEvent): [string, string][] {
  const out: [string, string][] = [];
  const walk = (prefix: string, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) walk(prefix ? `${prefix}.${k}` : k, x);
    } else out.push([prefix, prefix === 't' && typeof v === 'number' ? formatTime(v) : JSON.stringify(v) ?? String(v)]);
  };
  walk('', e);
  return out;
}

/** Opens `result`'s failing run inside `anchor`'s card (after it), or at the panel's own place. */
export function openReplay(result: TestResult, anchor?: Element): void {
  const p = panel();
  const trace = result.trace;
  if (!p || !trace) return;
  home ??= { parent: p.parentNode!, next: p.nextSibling };
  if (anchor) anchor.after(p);
  const title = p.querySelector<HTMLElement>('[data-replay-title]')!;
  const meta = p.querySelector<HTMLElement>('[data-replay-meta]')!;
  const list = p.querySelector<HTMLOListElement>('[data-replay-events]')!;
  const detail = p.querySelector<HTMLElement>('[data-replay-detail]');
  const picture = p.querySelector<HTMLElement>('[data-replay-picture]');

  title.textContent = `Rule broken: ${ruleText(result)} — the failing run of ${result.id}`;
  const violation = result.eventIndex ?? trace.findIndex((e) => e.type === 'violation');
  const at = violation >= 0 ? trace[violation] : undefined;
  meta.textContent =
    `Seed ${result.seed ?? '?'}${result.nodes?.length ? `, nodes ${result.nodes.join(', ')}` : ''}, ${trace.length} events. ` +
    (at ? `The rule broke at event #${violation} (t = ${formatTime(at.t)}), highlighted below.` : '');

  const center = violation >= 0 ? violation : trace.length - 1;
  const from = trace.length > WINDOW ? Math.max(0, Math.min(center - WINDOW / 2, trace.length - WINDOW)) : 0;
  const to = Math.min(trace.length, from + WINDOW);
  list.replaceChildren();
  list.start = from;
  const skipped = (n: number, where: string) => {
    const li = document.createElement('li');
    li.className = 'wb-event-gap';
    li.textContent = `… ${n} events ${where} not shown`;
    return li;
  };
  if (from > 0) list.append(skipped(from, 'before'));
  const items = new Map<number, HTMLLIElement>();
  for (let i = from; i < to; i++) {
    const e = trace[i] as TraceEvent;
    const li = document.createElement('li');
    li.value = i;
    li.dataset.event = String(i);
    li.className = `wb-event wb-event-${e.type}`;
    const time = document.createElement('span');
    time.className = 'wb-event-time';
    time.textContent = formatTime(e.t);
    const text = document.createElement('span');
    text.className = 'wb-event-text';
    text.textContent = describeEvent(e);
    li.append(time, ' ', text);
    items.set(i, li);
    list.append(li);
  }
  if (to < trace.length) list.append(skipped(trace.length - to, 'after'));

  let selected = -1;
  const select = (index: number) => {
    for (const li of list.querySelectorAll('[aria-current]')) li.removeAttribute('aria-current');
    const li = items.get(index);
    if (!li) return;
    selected = index;
    li.setAttribute('aria-current', 'true');
    // Scroll the list itself (it is position: relative), not the page.
    list.scrollTop = Math.max(0, li.offsetTop - (list.clientHeight - li.offsetHeight) / 2);
    if (detail) {
      const rows = eventFields(trace[index]!).flatMap(([k, v]) => {
        const dt = document.createElement('dt');
        dt.textContent = k;
        const dd = document.createElement('dd');
        dd.textContent = v;
        return [dt, dd];
      });
      const head = document.createElement('p');
      head.className = 'wb-event-detail-head';
      head.setAttribute('aria-live', 'polite');
      head.textContent = `Event #${index}: ${describeEvent(trace[index]!)}`;
      const dl = document.createElement('dl');
      dl.append(...rows);
      detail.replaceChildren(head, dl);
    }
  };
  list.onclick = (ev) => {
    const li = (ev.target as Element).closest<HTMLLIElement>('li[data-event]');
    if (li) select(Number(li.dataset.event));
  };
  list.onkeydown = (ev) => {
    const step = ev.key === 'ArrowDown' ? 1 : ev.key === 'ArrowUp' ? -1 : 0;
    if (!step) return;
    const next = Math.min(to - 1, Math.max(from, (selected < 0 ? center : selected) + step));
    ev.preventDefault();
    select(next);
  };

  p.hidden = false;
  document.querySelector('[data-workbench]')?.setAttribute('data-replay-open', '');
  if (violation >= 0) {
    const li = items.get(violation);
    li?.classList.add('wb-event-violation');
    if (li) {
      const mark = document.createElement('strong');
      mark.className = 'wb-event-flag';
      mark.textContent = 'Rule broken: ';
      li.insertBefore(mark, li.children[1] ?? null);
    }
    select(violation);
  } else select(to - 1);
  // Into view inside its own scrolling pane, then focus its heading (the learner asked for it).
  title.focus({ preventScroll: true });
  const pane = p.closest<HTMLElement>('[data-wb-results]');
  if (pane && getComputedStyle(pane).overflowY === 'auto') {
    // Wide layout: only the results pane scrolls, so the Run button and the editor stay in view.
    pane.scrollTop += p.getBoundingClientRect().top - pane.getBoundingClientRect().top - 8;
  } else p.scrollIntoView({ block: 'start' });
  picture?.dispatchEvent(new CustomEvent<ReplayDetail>('course:replay', { detail: { result, select } }));
}
