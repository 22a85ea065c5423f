// The exercise page's two layouts. Wide: statement | divider | editor and results; the divider drags
// and, as a focusable separator, takes the arrow keys (Home/End for the limits). Narrow (below
// NARROW_PX): tabs Statement / Code / Results, with the ARIA tab pattern (arrows move between tabs).
// Tab roles are set only while the tabs are shown, so wide screens have no tablist without tabs.

export const NARROW_QUERY = '(max-width: 56.24rem)'; // under ~900 px, the width the sidebar collapses at
const MIN = 20;
const MAX = 75;
const STEP = 5;

export type Tab = 'statement' | 'code' | 'results';

export interface Layout {
  /** True when the tabs are in use (narrow screens). */
  narrow(): boolean;
  /** Shows a tab (narrow screens; on wide screens every pane is shown anyway). */
  show(tab: Tab, focus?: boolean): void;
}

function setup(root: HTMLElement): Layout {
  const split = root.querySelector<HTMLElement>('[data-wb-split]')!;
  const divider = root.querySelector<HTMLElement>('[data-wb-divider]');
  const tablist = root.querySelector<HTMLElement>('[data-wb-tabs]')!;
  const tabs = [...tablist.querySelectorAll<HTMLButtonElement>('[data-wb-tab]')];
  const panel = (name: string) => root.querySelector<HTMLElement>(`[data-wb-panel="${name}"]`);
  const media = matchMedia(NARROW_QUERY);

  // ---- the divider ----
  let percent = 42;
  const setPercent = (p: number) => {
    percent = Math.round(Math.min(MAX, Math.max(MIN, p)));
    split.style.setProperty('--wb-left', `${percent}%`);
    divider?.setAttribute('aria-valuenow', String(percent));
    divider?.setAttribute('aria-valuetext', `Statement ${percent}% of the width`);
  };
  setPercent(percent);
  if (divider) {
    divider.addEventListener('keydown', (e) => {
      const by: Record<string, number> = { ArrowLeft: -STEP, ArrowUp: -STEP, ArrowRight: STEP, ArrowDown: STEP, PageUp: -15, PageDown: 15 };
      if (e.key in by) setPercent(percent + by[e.key]!);
      else if (e.key === 'Home') setPercent(MIN);
      else if (e.key === 'End') setPercent(MAX);
      else return;
      e.preventDefault();
    });
    divider.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      e.preventDefault();
      divider.setPointerCapture(e.pointerId);
      root.toggleAttribute('data-dragging', true);
      const move = (ev: PointerEvent) => {
        const box = split.getBoundingClientRect();
        setPercent(((ev.clientX - box.left) / box.width) * 100);
      };
      const up = () => {
        root.toggleAttribute('data-dragging', false);
        divider.removeEventListener('pointermove', move);
        divider.removeEventListener('pointerup', up);
        divider.removeEventListener('pointercancel', up);
      };
      divider.addEventListener('pointermove', move);
      divider.addEventListener('pointerup', up);
      divider.addEventListener('pointercancel', up);
    });
  }

  // ---- the tabs ----
  const current = (): Tab => (root.dataset.tab as Tab) ?? 'code';
  const show = (tab: Tab, focus = false) => {
    root.dataset.tab = tab;
    for (const t of tabs) {
      const on = t.dataset.wbTab === tab;
      if (media.matches) {
        t.setAttribute('aria-selected', String(on));
        t.tabIndex = on ? 0 : -1;
      }
      if (on && focus) t.focus();
    }
    dispatchEvent(new Event('resize')); // Monaco measures its box again when it becomes visible
  };
  const applyMode = () => {
    const narrow = media.matches;
    root.dataset.layout = narrow ? 'tabs' : 'split';
    if (narrow) tablist.setAttribute('role', 'tablist');
    else tablist.removeAttribute('role');
    for (const t of tabs) {
      const p = panel(t.dataset.wbTab!);
      if (narrow) {
        t.setAttribute('role', 'tab');
        p?.setAttribute('role', 'tabpanel');
        p?.setAttribute('aria-labelledby', t.id);
      } else {
        t.removeAttribute('role');
        t.removeAttribute('aria-selected');
        t.removeAttribute('tabindex');
        p?.removeAttribute('role');
        if (p?.dataset.wbPanel !== 'results') p?.removeAttribute('aria-labelledby');
      }
    }
    const results = panel('results');
    if (results && !narrow) results.setAttribute('aria-labelledby', 'wb-results-heading');
    show(current());
  };
  tablist.addEventListener('click', (e) => {
    const t = (e.target as Element).closest<HTMLButtonElement>('[data-wb-tab]');
    if (t) show(t.dataset.wbTab as Tab);
  });
  tablist.addEventListener('keydown', (e) => {
    const i = tabs.findIndex((t) => t.dataset.wbTab === current());
    const to = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? tabs.length - 1 : null;
    if (to === null) return;
    e.preventDefault();
    show(tabs[(to + tabs.length) % tabs.length]!.dataset.wbTab as Tab, true);
  });
  media.addEventListener('change', applyMode);
  applyMode();

  return { narrow: () => media.matches, show };
}

let layout: Layout | null = null;

/** The page's layout controller (created on first use). */
export function workbenchLayout(): Layout | null {
  if (layout) return layout;
  const root = document.querySelector<HTMLElement>('[data-workbench]');
  if (!root?.querySelector('[data-wb-split]')) return null;
  layout = setup(root);
  return layout;
}

workbenchLayout();
