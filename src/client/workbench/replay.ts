// "Watch this run": the trace of a failing test as a list of plain-English events, with the
// event that broke the rule highlighted and scrolled into view.
//
// Hook for the cluster picture (to come): openReplay() fills the panel [data-wb-replay]; the empty
// element [data-replay-picture] inside it is reserved for a picture of the cluster, and the
// 'course:replay' event (detail: { result, select(eventIndex) }) fires on it each time a run is opened.
import type { TestResult, TraceEvent } from '../../engine';
import { describeEvent, formatTime } from '../../engine/view/describe-event';

/** Longest list rendered at once; the rest (far from the violation) is summarized. */
const WINDOW = 600;

export interface ReplayDetail {
  result: TestResult;
  /** Highlights an event of the list (by its index in the trace) and scrolls it into view. */
  select(eventIndex: number): void;
}

function panel(): HTMLElement | null {
  return document.querySelector<HTMLElement>('[data-wb-replay]');
}

export function closeReplay(): void {
  const p = panel();
  if (p) p.hidden = true;
}

export function openReplay(result: TestResult, command?: string): void {
  const p = panel();
  const trace = result.trace;
  if (!p || !trace) return;
  const title = p.querySelector<HTMLElement>('[data-replay-title]')!;
  const meta = p.querySelector<HTMLElement>('[data-replay-meta]')!;
  const list = p.querySelector<HTMLOListElement>('[data-replay-events]')!;
  const picture = p.querySelector<HTMLElement>('[data-replay-picture]');

  title.textContent = `The failing run of ${result.id}: ${result.name}`;
  const violation = result.eventIndex ?? trace.findIndex((e) => e.type === 'violation');
  const at = violation >= 0 ? trace[violation] : undefined;
  meta.textContent =
    `Seed ${result.seed ?? '?'}${result.nodes?.length ? `, nodes ${result.nodes.join(', ')}` : ''}, ${trace.length} events. ` +
    (at ? `The rule broke at event #${violation} (t = ${formatTime(at.t)}), highlighted below.` : '') +
    (command ? ` Replay it from a terminal: ${command}` : '');

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
    text.textContent = describeEvent(e);
    li.append(time, ' ', text);
    items.set(i, li);
    list.append(li);
  }
  if (to < trace.length) list.append(skipped(trace.length - to, 'after'));

  const select = (index: number) => {
    for (const li of list.querySelectorAll('[aria-current]')) li.removeAttribute('aria-current');
    const li = items.get(index);
    if (!li) return;
    li.setAttribute('aria-current', 'true');
    // Scroll the list itself (it is position: relative), not the page.
    list.scrollTop = Math.max(0, li.offsetTop - (list.clientHeight - li.offsetHeight) / 2);
  };

  p.hidden = false;
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
  }
  p.scrollIntoView({ block: 'start' });
  p.querySelector<HTMLElement>('[data-replay-title]')?.focus();
  picture?.dispatchEvent(new CustomEvent<ReplayDetail>('course:replay', { detail: { result, select } }));
}
