// The cluster view: one component for the playground, the lesson scenes and failing-run replays.
// Vanilla TypeScript and SVG. A ring of nodes (role by shape, colour and label; term; vote or the
// leader it follows; the election timer as an arc running down; crashed nodes crossed, frozen
// ones iced), messages moving along the links (position interpolated between sending and
// arrival), drops as crosses, partitions as hulls and one-way cuts as marked links; a space-time
// diagram of the same trace as a second tab; time controls, a scrubber and an event log.
//
// Time model: the view shows (t, index): the virtual time and the last trace event applied.
// Playing advances t and applies every event up to it; stepping moves index by one event (several
// events can share a time); the scrubber is the index. Under prefers-reduced-motion, playing jumps
// from one key event to the next instead of animating.
import './cluster.css';
import type { NodeId } from '../../engine/contract/raft';
import type { TraceEvent } from '../../engine/sim/trace';
import { describeEvent, formatTime } from '../../engine/view/describe-event';
import type { Timeline, ViewState } from '../../engine/view/replay';
import { lastAtOrBefore } from '../../engine/view/search';
import { lerp, pointOnLink, ringLayout, paddedHullPath, timerArc, type Point } from './geometry';
import { TraceModel, messageStyle, roleLabel, summarize, type VisibleMessage } from './model';
import { SpaceTime, ST_ZOOMS } from './spacetime';

export interface Caption {
  t: number;
  text: string;
}

export interface Highlight {
  nodes: readonly NodeId[];
  messageIds?: readonly number[];
  rule: string;
  message: string;
}

export interface ClusterViewOptions {
  timeline: Timeline;
  startIndex?: number;
  highlight?: Highlight;
  captions?: readonly Caption[];
  /** Show the time controls, scrubber and event log (default true). */
  controls?: boolean;
  /** Accessible name of the whole view. */
  label?: string;
  /** Initial playback speed: virtual ms per real ms (default 0.05). */
  speed?: number;
  /** Virtual time the run reaches (playground: beyond the last event, the cluster may be quiet). */
  horizon?: number;
  /** Slow down after each new caption so it can be read (lesson scenes). */
  holdAtCaptions?: boolean;
  /** Names for partition groups with exactly these members (e.g. regions); others are "group A", "group B" ... */
  groupNames?: readonly { name: string; nodes: readonly NodeId[] }[];
  /** Hide timer, persistence and heartbeat events from the log at first (default true). */
  keyEventsOnly?: boolean;
  onNodeClick?: (id: NodeId) => void;
  /** Called after every rendered moment change. */
  onMoment?: (t: number, index: number) => void;
  /** Called while playing when the end of the run is near (playground: run further). */
  onNearEnd?: () => void;
  /** Called when playback stops at the end of the trace. */
  onEnd?: () => void;
}

export interface ClusterView {
  readonly root: HTMLElement;
  readonly time: number;
  readonly index: number;
  readonly playing: boolean;
  play(): void;
  pause(): void;
  seek(index: number): void;
  seekTime(t: number): void;
  setTimeline(timeline: Timeline, o?: { horizon?: number; time?: number }): void;
  setHorizon(h: number): void;
  setSelected(id: NodeId | null): void;
  /** Whether playing past the end asks for more (onNearEnd) or stops there. */
  setOpenEnded(open: boolean): void;
  setSpeed(speed: number): void;
  destroy(): void;
}

export const SPEEDS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2] as const;

const SVG = 'http://www.w3.org/2000/svg';
const W = 560;
const H = 470;
const CENTER = { x: W / 2, y: 228 };
const NODE_R = 27;
const TIMER_R = 35;
const ROW_H = 24;

/** Events hidden by "key events only": the steady noise of timers, persistence and heartbeats. */
export function isKeyEvent(e: TraceEvent, kind?: string): boolean {
  switch (e.type) {
    case 'timer-set':
    case 'timer-clear':
    case 'timer-fire':
    case 'persist':
    case 'log':
      return false;
    case 'send':
      return e.msg.kind === 'RequestVote' || e.msg.kind === 'RequestVoteReply' || (e.msg.kind === 'HeartbeatReply' && e.msg.body.success === false);
    case 'deliver':
    case 'drop':
    case 'duplicate':
    case 'buffer': {
      const k = kind ?? ('kind' in e ? e.kind : undefined);
      return k === 'RequestVote' || k === 'RequestVoteReply';
    }
    default:
      return true;
  }
}

let uidSeq = 0;

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
};

const svgEl = (tag: string, attrs: Record<string, string> = {}): SVGElement => {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
};

/** Sets an attribute only when it changed (attribute writes are the cost of every frame). */
function setAttr(e: Element, name: string, value: string): void {
  if (e.getAttribute(name) !== value) e.setAttribute(name, value);
}

function setText(e: Element, value: string): void {
  if (e.textContent !== value) e.textContent = value;
}

const r1 = (n: number) => Math.round(n * 10) / 10;

interface NodeEls {
  g: SVGGElement;
  arc: SVGPathElement;
  term: SVGTextElement;
  role: SVGTextElement;
  note: SVGTextElement;
  buffered: SVGTextElement;
  pos: Point;
  target: Point;
  from: Point;
}

interface MsgEls {
  g: SVGGElement;
  use: SVGUseElement;
}

export function mountClusterView(container: HTMLElement, options: ClusterViewOptions): ClusterView {
  const uid = `cv${++uidSeq}`;
  const reduced = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
  const showControls = options.controls !== false;
  let timeline = options.timeline;
  let model = new TraceModel(timeline);
  let nodes: readonly NodeId[] = timeline.nodeIds;
  let horizon = Math.max(options.horizon ?? 0, timeline.endTime);
  const highlight = options.highlight;
  const hlNodes = new Set(highlight?.nodes ?? []);
  const hlMsgs = new Set(highlight?.messageIds ?? []);
  const captions = [...(options.captions ?? [])].sort((a, b) => a.t - b.t);

  let index = -1;
  let time = 0;
  let playing = false;
  let speed = options.speed ?? 0.05;
  let view: ViewState = timeline.at(-1);
  let viewIndex = NaN;
  let selected: NodeId | null = null;
  let raf = 0;
  let lastFrame = 0;
  let dwellUntil = 0;
  let captionIdx = -1;
  let stepTimer = 0;
  let nearEndAsked = false;
  let destroyed = false;
  let tab: 'ring' | 'st' = 'ring';
  let keyOnly = options.keyEventsOnly ?? true;
  let openEnded = !!options.onNearEnd;

  // ---------------------------------------------------------------- DOM

  const root = el('section', { class: 'cv', 'aria-label': options.label ?? 'Cluster view', 'data-cluster-view': '' });
  root.tabIndex = -1;
  container.replaceChildren(root);

  const banner = el('div', { class: 'cv-banner', role: 'alert' });
  if (highlight) {
    banner.append(el('strong', {}, `Rule broken: ${highlight.rule}`), el('span', {}, ` ${highlight.message}`));
    banner.dataset.rule = highlight.rule;
  } else banner.hidden = true;

  const main = el('div', { class: 'cv-main' });
  const stage = el('div', { class: 'cv-stage' });
  const tabs = el('div', { class: 'cv-tabs', role: 'tablist', 'aria-label': 'Picture' });
  const tabRing = el('button', { type: 'button', role: 'tab', id: `${uid}-tab-ring`, 'aria-controls': `${uid}-ring`, 'aria-selected': 'true' }, 'Cluster');
  const tabSt = el('button', { type: 'button', role: 'tab', id: `${uid}-tab-st`, 'aria-controls': `${uid}-st`, 'aria-selected': 'false', tabindex: '-1' }, 'Space-time');
  tabs.append(tabRing, tabSt);
  const panelRing = el('div', { role: 'tabpanel', id: `${uid}-ring`, 'aria-labelledby': `${uid}-tab-ring`, class: 'cv-panel' });
  const panelSt = el('div', { role: 'tabpanel', id: `${uid}-st`, 'aria-labelledby': `${uid}-tab-st`, class: 'cv-panel cv-panel-st' });
  panelSt.hidden = true;

  const caption = el('p', { class: 'cv-caption', 'aria-live': 'polite' });
  if (!captions.length) caption.hidden = true;

  // The ring.
  const ring = svgEl('svg', { class: 'cv-ring', viewBox: `0 0 ${W} ${H}`, role: 'img' }) as SVGSVGElement;
  const defs = svgEl('defs');
  defs.innerHTML = `
    <symbol id="${uid}-vote-request" overflow="visible"><path class="cv-m-shape" d="M0 -8L8 0L0 8L-8 0Z"/></symbol>
    <symbol id="${uid}-vote-granted" overflow="visible"><circle class="cv-m-shape" r="8"/><path class="cv-m-glyph" d="M-4 0.5l2.6 2.8l5.2 -6"/></symbol>
    <symbol id="${uid}-vote-refused" overflow="visible"><circle class="cv-m-shape" r="8"/><path class="cv-m-glyph" d="M-4 0h8"/></symbol>
    <symbol id="${uid}-heartbeat" overflow="visible"><circle class="cv-m-shape" r="5.5"/></symbol>
    <symbol id="${uid}-heartbeat-ok" overflow="visible"><circle class="cv-m-shape" r="4.5"/></symbol>
    <symbol id="${uid}-heartbeat-refused" overflow="visible"><circle class="cv-m-shape" r="6"/><path class="cv-m-glyph" d="M-3 0h6"/></symbol>
    <symbol id="${uid}-dead" overflow="visible"><path class="cv-m-dead" d="M-6 -6L6 6M6 -6L-6 6"/></symbol>`;
  const gGroups = svgEl('g', { class: 'cv-groups' });
  const gLinks = svgEl('g', { class: 'cv-links' });
  const gCuts = svgEl('g', { class: 'cv-cuts' });
  const gMsgs = svgEl('g', { class: 'cv-msgs' });
  const gNodes = svgEl('g', { class: 'cv-nodes' });
  const timeText = svgEl('text', { class: 'cv-clock', x: '12', y: '22' });
  ring.append(defs, gGroups, gLinks, gCuts, gMsgs, gNodes, timeText);
  panelRing.append(ring);

  // The space-time diagram.
  let st: SpaceTime | null = null;
  const stBar = el('div', { class: 'cv-st-bar' });
  const zoomId = `${uid}-zoom`;
  const zoomLabel = el('label', { for: zoomId }, 'Window');
  const zoomSel = el('select', { id: zoomId });
  for (const z of ST_ZOOMS) zoomSel.append(el('option', { value: String(z), ...(z === 1000 ? { selected: '' } : {}) }, z >= 1000 ? `${z / 1000} s` : `${z} ms`));
  stBar.append(zoomLabel, zoomSel, el('span', { class: 'cv-hint' }, 'Click the diagram to jump to that moment.'));
  panelSt.append(stBar);

  stage.append(tabs, panelRing, panelSt, caption);

  // The event log.
  const log = el('div', { class: 'cv-log' });
  const logHead = el('div', { class: 'cv-log-head' });
  const logTitleId = `${uid}-log-title`;
  logHead.append(el('h3', { id: logTitleId, class: 'cv-log-title' }, 'Events'));
  const keyId = `${uid}-key`;
  const keyBox = el('input', { type: 'checkbox', id: keyId });
  keyBox.checked = keyOnly;
  const keyLabel = el('label', { for: keyId, class: 'cv-key' });
  keyLabel.append(keyBox, document.createTextNode(' Key events only'));
  logHead.append(keyLabel);
  const logScroll = el('div', { class: 'cv-log-scroll', role: 'list', 'aria-labelledby': logTitleId, tabindex: '-1' });
  const logSpacer = el('div', { class: 'cv-log-spacer' });
  logScroll.append(logSpacer);
  log.append(logHead, logScroll);

  if (showControls) main.append(stage, log);
  else main.append(stage);
  main.classList.toggle('cv-main-solo', !showControls);

  // Controls.
  const controls = el('div', { class: 'cv-controls' });
  const icon = (d: string) => `<svg aria-hidden="true" viewBox="0 0 16 16" width="16" height="16"><path d="${d}" fill="currentColor"/></svg>`;
  const ICONS = {
    play: icon('M4 2.5v11l9.5-5.5z'),
    pause: icon('M3.5 2.5h3v11h-3zM9.5 2.5h3v11h-3z'),
    prev: icon('M3 2.5h2v11H3zM14 2.5v11L6 8z'),
    next: icon('M11 2.5h2v11h-2zM2 2.5v11L10 8z'),
    prevKey: icon('M1.5 2.5h2v11h-2zM9 2.5v11L3.5 8zM15 2.5v11L9.5 8z'),
    nextKey: icon('M12.5 2.5h2v11h-2zM1 2.5v11L6.5 8zM7 2.5v11L12.5 8z'),
  };
  const btn = (cls: string, label: string, glyph: string, keys?: string) => {
    const b = el('button', { type: 'button', class: `cv-btn ${cls}`, 'aria-label': label, title: label + (keys ? ` (${keys})` : '') });
    b.innerHTML = glyph;
    return b;
  };
  const bPlay = btn('cv-play', 'Play', ICONS.play, 'Space');
  const bPrevKey = btn('cv-prev-key', 'Previous key event', ICONS.prevKey, 'Shift+Left');
  const bPrev = btn('cv-prev', 'Previous event', ICONS.prev, 'Left');
  const bNext = btn('cv-next', 'Next event', ICONS.next, 'Right');
  const bNextKey = btn('cv-next-key', 'Next key event', ICONS.nextKey, 'Shift+Right');
  const speedId = `${uid}-speed`;
  const speedLabel = el('label', { for: speedId, class: 'cv-speed-label' }, 'Speed');
  const speedSel = el('select', { id: speedId, class: 'cv-speed' });
  for (const s of SPEEDS) speedSel.append(el('option', { value: String(s) }, `${s}×`));
  const scrubId = `${uid}-scrub`;
  const scrubLabel = el('label', { for: scrubId, class: 'sr-only' }, 'Event');
  const scrub = el('input', { type: 'range', id: scrubId, class: 'cv-scrub', min: '0', step: '1', 'data-scrubber': '' });
  const clock = el('output', { class: 'cv-time', for: scrubId });
  const speedWrap = el('span', { class: 'cv-speed-wrap' });
  speedWrap.append(speedLabel, speedSel);
  const buttons = el('span', { class: 'cv-buttons' });
  buttons.append(bPrevKey, bPrev, bPlay, bNext, bNextKey);
  const scrubWrap = el('span', { class: 'cv-scrub-wrap' });
  scrubWrap.append(scrubLabel, scrub);
  controls.append(buttons, speedWrap, clock, scrubWrap);

  const legend = el('details', { class: 'cv-legend' });
  legend.innerHTML = `<summary>Legend</summary><svg viewBox="0 0 540 64" role="img" aria-label="Legend: follower circle, candidate diamond, leader hexagon, crashed node crossed out, frozen node iced; messages: vote request diamond, vote granted with a check, vote refused with a dash, heartbeat filled dot, heartbeat reply hollow dot, a dropped message is a cross.">
    <g transform="translate(18 18)" class="cv-node cv-lg" data-role="FOLLOWER"><circle class="cv-shape-f" r="11"/></g><text class="cv-lg-t" x="34" y="22">follower</text>
    <g transform="translate(112 18)" class="cv-node cv-lg" data-role="CANDIDATE"><path class="cv-shape-c" d="M0 -12L12 0L0 12L-12 0Z"/></g><text class="cv-lg-t" x="128" y="22">candidate</text>
    <g transform="translate(214 18)" class="cv-node cv-lg" data-role="LEADER"><path class="cv-shape-l" d="M0 -12L10.4 -6L10.4 6L0 12L-10.4 6L-10.4 -6Z"/></g><text class="cv-lg-t" x="230" y="22">leader</text>
    <g transform="translate(306 18)" class="cv-node cv-lg" data-role="FOLLOWER" data-down=""><circle class="cv-shape-f" r="11"/><path class="cv-down-x" d="M-8 -8L8 8M8 -8L-8 8"/></g><text class="cv-lg-t" x="322" y="22">crashed</text>
    <g transform="translate(400 18)" class="cv-node cv-lg" data-role="FOLLOWER" data-paused=""><circle class="cv-shape-f" r="11"/><text class="cv-ice" y="4">❄</text></g><text class="cv-lg-t" x="416" y="22">frozen</text>
    <g transform="translate(18 48)"><use href="#${uid}-vote-request" class="cv-m-vote-request"/></g><text class="cv-lg-t" x="32" y="52">vote request</text>
    <g transform="translate(124 48)"><use href="#${uid}-vote-granted" class="cv-m-vote-granted"/></g><text class="cv-lg-t" x="138" y="52">granted</text>
    <g transform="translate(204 48)"><use href="#${uid}-vote-refused" class="cv-m-vote-refused"/></g><text class="cv-lg-t" x="218" y="52">refused</text>
    <g transform="translate(280 48)"><use href="#${uid}-heartbeat" class="cv-m-heartbeat"/></g><text class="cv-lg-t" x="292" y="52">heartbeat</text>
    <g transform="translate(370 48)"><use href="#${uid}-heartbeat-ok" class="cv-m-heartbeat-ok"/></g><text class="cv-lg-t" x="382" y="52">reply</text>
    <g transform="translate(432 48)"><use href="#${uid}-dead" class="cv-m-dead-use"/></g><text class="cv-lg-t" x="446" y="52">dropped</text>
  </svg>`;

  const live = el('p', { class: 'sr-only', 'aria-live': 'polite', 'data-cv-live': '' });
  const summaryText = el('p', { class: 'sr-only', 'data-cv-summary': '' });

  root.append(banner, main);
  if (showControls) root.append(controls);
  root.append(legend, summaryText, live);

  // ---------------------------------------------------------------- nodes and layout

  let nodeEls = new Map<NodeId, NodeEls>();
  let layoutKey = '';

  function buildNodes(): void {
    gNodes.replaceChildren();
    gLinks.replaceChildren();
    nodeEls = new Map();
    const targets = ringLayout(nodes, [], { cx: CENTER.x, cy: CENTER.y, r: radius() });
    for (const id of nodes) {
      const g = svgEl('g', { class: 'cv-node', 'data-node': id, 'data-role': 'FOLLOWER' }) as SVGGElement;
      const hl = hlNodes.has(id) ? '<circle class="cv-hl-ring" r="44"/>' : '';
      g.innerHTML = `${hl}<circle class="cv-sel-ring" r="41"/><circle class="cv-timer-track" r="${TIMER_R}"/><path class="cv-timer"/>
        <circle class="cv-shape-f" r="${NODE_R}"/>
        <path class="cv-shape-c" d="M0 -${NODE_R + 6}L${NODE_R + 6} 0L0 ${NODE_R + 6}L-${NODE_R + 6} 0Z"/>
        <path class="cv-shape-l" d="${hexagon(NODE_R + 4)}"/>
        <text class="cv-id" y="-3">${escapeXml(id)}</text><text class="cv-term" y="13"></text>
        <path class="cv-down-x" d="M-22 -22L22 22M22 -22L-22 22"/><text class="cv-ice" y="-33">❄</text>
        <text class="cv-role" y="${NODE_R + 25}"></text><text class="cv-note" y="${NODE_R + 40}"></text><text class="cv-buffered" x="${NODE_R + 6}" y="-${NODE_R - 2}"></text>`;
      if (options.onNodeClick) {
        g.classList.add('cv-clickable');
        g.addEventListener('click', () => options.onNodeClick?.(id));
      }
      gNodes.append(g);
      const pos = targets.get(id)!;
      nodeEls.set(id, {
        g,
        arc: g.querySelector('.cv-timer')!,
        term: g.querySelector('.cv-term')!,
        role: g.querySelector('.cv-role')!,
        note: g.querySelector('.cv-note')!,
        buffered: g.querySelector('.cv-buffered')!,
        pos: { ...pos },
        target: { ...pos },
        from: { ...pos },
      });
    }
    layoutKey = '';
  }

  function radius(): number {
    return nodes.length <= 3 ? 120 : nodes.length <= 5 ? 150 : 162;
  }

  let layoutStart = 0;
  let groupsDirty = true;
  let lastNetKey = '';
  const LAYOUT_MS = 450;

  function updateLayout(v: ViewState): void {
    const key = JSON.stringify(v.groups);
    if (key === layoutKey) return;
    const first = layoutKey === '';
    layoutKey = key;
    const targets = ringLayout(nodes, v.groups, { cx: CENTER.x, cy: CENTER.y, r: radius() });
    for (const [id, n] of nodeEls) {
      n.from = { ...n.pos };
      n.target = targets.get(id)!;
      if (first || reduced || !playing) n.pos = { ...n.target }; // glide only while playing
    }
    layoutStart = performance.now();
    drawLinks();
  }

  function animateLayout(now: number): boolean {
    const k = Math.min(1, (now - layoutStart) / LAYOUT_MS);
    let moving = false;
    for (const n of nodeEls.values()) {
      if (n.pos.x === n.target.x && n.pos.y === n.target.y) continue;
      const e = k >= 1 ? 1 : 1 - Math.pow(1 - k, 3);
      n.pos = k >= 1 ? { ...n.target } : lerp(n.from, n.target, e);
      moving = true;
    }
    return moving;
  }

  function drawLinks(): void {
    // Faint links between every pair, drawn at the target positions.
    let d = '';
    const ids = [...nodeEls.keys()];
    for (let i = 0; i < ids.length; i++)
      for (let j = i + 1; j < ids.length; j++) {
        const a = nodeEls.get(ids[i]!)!.target;
        const b = nodeEls.get(ids[j]!)!.target;
        d += `M${r1(a.x)} ${r1(a.y)}L${r1(b.x)} ${r1(b.y)}`;
      }
    gLinks.innerHTML = `<path class="cv-link" d="${d}"/>`;
  }

  function drawGroups(v: ViewState): void {
    if (!v.groups.length) {
      if (gGroups.childNodes.length) gGroups.replaceChildren();
      return;
    }
    let html = '';
    const listed = new Set(v.groups.flat());
    const groups = [...v.groups.map((g) => g.slice()), ...nodes.filter((id) => !listed.has(id)).map((id) => [id])];
    groups.forEach((g, i) => {
      const pts = g.map((id) => nodeEls.get(id)?.pos).filter((p): p is Point => !!p);
      const key = [...g].sort().join();
      const named = options.groupNames?.find((n) => [...n.nodes].sort().join() === key)?.name;
      const label = named ?? `group ${String.fromCharCode(65 + i)}`;
      const c = pts.reduce((s, p) => ({ x: s.x + p.x / pts.length, y: s.y + p.y / pts.length }), { x: 0, y: 0 });
      // The label sits outside the ring, in the direction of the group's middle.
      const ang = Math.atan2(c.y - CENTER.y, c.x - CENTER.x);
      const far = radius() + 84;
      const out = { x: CENTER.x + far * Math.cos(ang), y: CENTER.y + far * Math.sin(ang) + 4 };
      html += `<path class="cv-group" d="${paddedHullPath(pts, 58)}"/>`;
      html += `<text class="cv-group-label" x="${r1(Math.min(W - 40, Math.max(40, out.x)))}" y="${r1(Math.min(H - 6, Math.max(14, out.y)))}">${escapeXml(label)}</text>`;
    });
    gGroups.innerHTML = html;
  }

  function drawCuts(v: ViewState): void {
    let html = '';
    for (const [from, to] of v.cuts) {
      const a = nodeEls.get(from)?.pos;
      const b = nodeEls.get(to)?.pos;
      if (!a || !b) continue;
      const p1 = pointOnLink(a, b, 0, NODE_R + 10, 10);
      const p2 = pointOnLink(a, b, 1, NODE_R + 10, 10);
      const m = pointOnLink(a, b, 0.5, NODE_R + 10, 10);
      html += `<g class="cv-cut"><line x1="${r1(p1.x)}" y1="${r1(p1.y)}" x2="${r1(p2.x)}" y2="${r1(p2.y)}" marker-end="url(#${uid}-arrow)"/><path class="cv-cut-x" d="M${r1(m.x - 6)} ${r1(m.y - 6)}l12 12m0 -12l-12 12"/><title>link from ${escapeXml(from)} to ${escapeXml(to)} is cut (one way)</title></g>`;
    }
    if (html && !defs.querySelector(`#${uid}-arrow`)) {
      defs.insertAdjacentHTML('beforeend', `<marker id="${uid}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path class="cv-cut-head" d="M0 0L10 5L0 10Z"/></marker>`);
    }
    gCuts.innerHTML = html;
  }

  // ---------------------------------------------------------------- per-moment rendering

  function updateNodes(v: ViewState): void {
    for (const id of nodes) {
      const n = v.nodes[id];
      const e = nodeEls.get(id);
      if (!n || !e) continue;
      setAttr(e.g, 'data-role', n.state);
      e.g.toggleAttribute('data-down', !n.alive);
      e.g.toggleAttribute('data-paused', n.alive && n.paused);
      e.g.toggleAttribute('data-selected', selected === id);
      setText(e.term, `T${n.term}`);
      setText(e.role, !n.alive ? 'crashed' : n.paused ? `frozen ${roleLabel(n.state)}` : roleLabel(n.state));
      let note = '';
      if (n.alive) {
        const k = model.leaderKnownBy(id, v.index);
        if (n.state === 'FOLLOWER' && k && k.term === n.term && k.leader !== id) note = `follows ${k.leader}`;
        else if (n.votedFor && n.votedFor !== id) note = `voted ${n.votedFor}`;
        else if (n.votedFor === id && n.state !== 'LEADER') note = 'voted itself';
      }
      setText(e.note, note);
      const buffered = n.paused ? model.bufferedAt(id, v.index) : 0;
      setText(e.buffered, buffered ? `${buffered} waiting` : '');
      const label = `${id}: ${!n.alive ? 'crashed' : `${roleLabel(n.state)}${n.paused ? ', frozen' : ''}`}, term ${n.term}${note ? `, ${note}` : ''}`;
      setAttr(e.g, 'aria-label', label);
    }
  }

  function drawPositions(): void {
    for (const e of nodeEls.values()) setAttr(e.g, 'transform', `translate(${r1(e.pos.x)} ${r1(e.pos.y)})`);
  }

  function drawTimers(v: ViewState): void {
    for (const id of nodes) {
      const n = v.nodes[id];
      const e = nodeEls.get(id);
      if (!n || !e) continue;
      let d = '';
      if (n.alive && n.timer) {
        const at = n.paused ? (model.pausedSince(id, v.index) ?? time) : time;
        const span = n.timer.due - n.timer.setAt;
        const remaining = span > 0 ? (n.timer.due - at) / span : 0;
        d = timerArc({ x: 0, y: 0 }, TIMER_R, remaining);
      }
      setAttr(e.arc, 'd', d);
    }
  }

  const msgPool: MsgEls[] = [];

  function drawMessages(list: VisibleMessage[]): void {
    let used = 0;
    for (const m of list) {
      const a = nodeEls.get(m.journey.from)?.pos;
      const b = nodeEls.get(m.journey.to)?.pos;
      if (!a || !b) continue;
      let pool = msgPool[used];
      if (!pool) {
        const g = svgEl('g', { class: 'cv-msg' }) as SVGGElement;
        const use = svgEl('use') as SVGUseElement;
        g.append(use);
        gMsgs.append(g);
        pool = { g, use };
        msgPool.push(pool);
      }
      used++;
      const lane = m.journey.from < m.journey.to ? 7 : -7;
      const p = pointOnLink(a, b, m.frac, NODE_R + 6, lane);
      const style = m.phase === 'dead' ? 'dead' : messageStyle(m.journey);
      setAttr(pool.g, 'transform', `translate(${r1(p.x)} ${r1(p.y)})`);
      setAttr(pool.g, 'class', `cv-msg cv-m-${style}${m.phase === 'dead' ? ` cv-m-was-${messageStyle(m.journey)}` : ''}${hlMsgs.has(m.journey.id) ? ' cv-msg-hl' : ''}`);
      setAttr(pool.use, 'href', `#${uid}-${style}`);
      if (pool.g.style.display) pool.g.style.display = '';
    }
    for (let i = used; i < msgPool.length; i++) if (msgPool[i]!.g.style.display !== 'none') msgPool[i]!.g.style.display = 'none';
  }

  function currentCaption(): number {
    let c = -1;
    for (let i = 0; i < captions.length; i++) if (captions[i]!.t <= time + 1e-9) c = i;
    return c;
  }

  let lastAnnounced = 0;
  let lastLeaderKey = '';

  function announce(text: string): void {
    live.textContent = text;
    lastAnnounced = performance.now();
  }

  function describeAt(i: number): string {
    const e = timeline.events[i];
    return e ? `${formatTime(e.t)}: ${describeEvent(e)}` : 'Start of the run, before any event.';
  }

  /** Renders the moment (time, index). Cheap when only time moved. */
  function render(now = performance.now()): void {
    if (viewIndex !== index) {
      view = timeline.at(index);
      viewIndex = index;
      updateLayout(view);
      updateNodes(view);
      const netKey = JSON.stringify([view.groups, view.cuts]);
      if (netKey !== lastNetKey) {
        lastNetKey = netKey;
        groupsDirty = true;
      }
      const summary = summarize(view, model, nodes);
      setAttr(ring, 'aria-label', `${options.label ?? 'Cluster'} at ${formatTime(time)}. ${summary}`);
      setText(summaryText, summary);
      if (showControls) {
        if (scrub.value !== String(Math.max(0, index))) scrub.value = String(Math.max(0, index));
        setAttr(scrub, 'aria-valuetext', `Event ${index + 1} of ${timeline.length}. ${describeAt(index)}`);
        renderLog();
      }
      const leaderKey = nodes.map((id) => `${view.nodes[id]?.state}${view.nodes[id]?.term}${view.nodes[id]?.alive}`).join();
      if (playing && leaderKey !== lastLeaderKey && now - lastAnnounced > 1500 && /lead|No leader/.test(summary)) announce(summary);
      lastLeaderKey = leaderKey;
    }
    const moving = animateLayout(now);
    drawPositions();
    if (moving || groupsDirty) {
      drawGroups(view);
      drawCuts(view);
      groupsDirty = moving;
    }
    drawTimers(view);
    drawMessages(model.visibleAt(time, index));
    setText(timeText, `t = ${formatTime(time)}`);
    if (showControls) setText(clock, `${formatTime(time)} · event ${Math.max(0, index) + 1} / ${timeline.length}`);
    const c = currentCaption();
    if (c !== captionIdx) {
      captionIdx = c;
      setText(caption, c >= 0 ? captions[c]!.text : '');
      caption.dataset.step = c >= 0 ? `${c + 1} / ${captions.length}` : '';
      if (options.holdAtCaptions && playing && c >= 0) dwellUntil = now + Math.min(7000, Math.max(2500, captions[c]!.text.length * 45));
    }
    if (tab === 'st' && st) st.render(time);
    options.onMoment?.(time, index);
  }

  // ---------------------------------------------------------------- the event log (virtualised)

  let rows: number[] = [];
  const rowEls = new Map<number, HTMLButtonElement>();
  let followPausedUntil = 0;

  function rebuildRows(): void {
    rows = [];
    const evs = timeline.events;
    for (let i = 0; i < evs.length; i++) {
      const e = evs[i]!;
      const kind = 'msg' in e && typeof e.msg === 'number' ? model.byId.get(e.msg)?.kind : undefined;
      if (!keyOnly || isKeyEvent(e, kind)) rows.push(i);
    }
    logSpacer.style.height = `${rows.length * ROW_H}px`;
    for (const r of rowEls.values()) r.remove();
    rowEls.clear();
  }

  function rowOf(i: number): number {
    return lastAtOrBefore(rows, (r) => r, i);
  }

  function renderLog(follow = true): void {
    const cur = rowOf(index);
    const viewH = logScroll.clientHeight || 320;
    if (follow && performance.now() > followPausedUntil && cur >= 0) {
      const top = cur * ROW_H;
      if (top < logScroll.scrollTop || top + ROW_H > logScroll.scrollTop + viewH) logScroll.scrollTop = Math.max(0, top - viewH / 2);
    }
    const first = Math.max(0, Math.floor(logScroll.scrollTop / ROW_H) - 6);
    const last = Math.min(rows.length - 1, Math.ceil((logScroll.scrollTop + viewH) / ROW_H) + 6);
    for (const [r, b] of rowEls)
      if (r < first || r > last) {
        b.remove();
        rowEls.delete(r);
      }
    for (let r = first; r <= last; r++) {
      let b = rowEls.get(r);
      const i = rows[r]!;
      if (!b) {
        const e = timeline.events[i]!;
        b = el('button', { type: 'button', class: `cv-row cv-row-${e.type}`, role: 'listitem', 'data-index': String(i) });
        b.style.top = `${r * ROW_H}px`;
        b.append(el('span', { class: 'cv-row-t' }, formatTime(e.t)), el('span', { class: 'cv-row-text' }, describeEvent(e)));
        b.title = describeEvent(e);
        logScroll.append(b);
        rowEls.set(r, b);
      }
      b.classList.toggle('cv-row-current', r === cur);
      b.classList.toggle('cv-row-future', i > index);
      if (r === cur) b.setAttribute('aria-current', 'true');
      else b.removeAttribute('aria-current');
    }
  }

  logScroll.addEventListener('scroll', () => renderLog(false), { passive: true });
  logScroll.addEventListener('wheel', () => (followPausedUntil = performance.now() + 2500), { passive: true });
  logScroll.addEventListener('click', (ev) => {
    const b = (ev.target as Element).closest<HTMLElement>('.cv-row');
    if (!b) return;
    pause();
    seek(Number(b.dataset.index));
    followPausedUntil = 0;
  });
  keyBox.addEventListener('change', () => {
    keyOnly = keyBox.checked;
    rebuildRows();
    renderLog();
  });

  // ---------------------------------------------------------------- time

  function maxTime(): number {
    return Math.max(horizon, timeline.endTime);
  }

  function setMoment(t: number, i: number): void {
    time = t;
    index = Math.max(-1, Math.min(i, timeline.length - 1));
  }

  function seek(i: number): void {
    const target = Math.max(0, Math.min(i, timeline.length - 1));
    const e = timeline.events[target];
    setMoment(e ? e.t : 0, target);
    captionIdx = -2; // re-evaluate without dwelling
    render();
    if (!playing) announce(`${describeAt(index)}. ${summaryText.textContent ?? ''}`);
  }

  function seekTime(t: number): void {
    setMoment(Math.max(0, Math.min(t, maxTime())), timeline.indexAtTime(t));
    captionIdx = -2;
    render();
  }

  function keyStep(dir: 1 | -1): void {
    const evs = timeline.events;
    for (let i = index + dir; i >= 0 && i < evs.length; i += dir) {
      const e = evs[i]!;
      const kind = 'msg' in e && typeof e.msg === 'number' ? model.byId.get(e.msg)?.kind : undefined;
      if (isKeyEvent(e, kind) && e.type !== 'send' && e.type !== 'deliver') return seek(i);
      if (e.type === 'state' || e.type === 'crash' || e.type === 'violation') return seek(i);
    }
    seek(dir > 0 ? evs.length - 1 : 0);
  }

  function frame(now: number): void {
    if (!playing || destroyed) return;
    const dt = Math.min(100, now - lastFrame);
    lastFrame = now;
    const slow = now < dwellUntil ? 0.12 : 1;
    let t = time + dt * speed * slow;
    const end = maxTime();
    if (openEnded && options.onNearEnd && !nearEndAsked && t > end - 1500) {
      nearEndAsked = true;
      options.onNearEnd();
    }
    if (t >= end) {
      t = end;
      setMoment(t, timeline.length - 1);
      render(now);
      if (!openEnded) {
        pause();
        options.onEnd?.();
        return;
      }
    } else {
      setMoment(t, Math.max(index, timeline.indexAtTime(t)));
      render(now);
    }
    raf = requestAnimationFrame(frame);
  }

  /** Reduced motion: no animation; every step jumps to the next key event. */
  function reducedStep(): void {
    if (!playing || destroyed) return;
    if (index >= timeline.length - 1) {
      if (openEnded && options.onNearEnd) {
        options.onNearEnd();
        stepTimer = window.setTimeout(reducedStep, 900);
        return;
      }
      pause();
      options.onEnd?.();
      return;
    }
    const evs = timeline.events;
    let next = index + 1;
    for (; next < evs.length - 1; next++) {
      const e = evs[next]!;
      const kind = 'msg' in e && typeof e.msg === 'number' ? model.byId.get(e.msg)?.kind : undefined;
      if (isKeyEvent(e, kind)) break;
    }
    const e = evs[next]!;
    setMoment(e.t, next);
    render();
    stepTimer = window.setTimeout(reducedStep, 900);
  }

  function play(): void {
    if (playing || destroyed) return;
    if (index >= timeline.length - 1 && time >= maxTime() - 1e-9 && !openEnded) seek(0);
    playing = true;
    nearEndAsked = false;
    setAttr(bPlay, 'aria-label', 'Pause');
    setAttr(bPlay, 'title', 'Pause (Space)');
    bPlay.innerHTML = ICONS.pause;
    root.dataset.playing = '';
    if (reduced) {
      stepTimer = window.setTimeout(reducedStep, 300);
    } else {
      lastFrame = performance.now();
      raf = requestAnimationFrame(frame);
    }
  }

  function pause(): void {
    if (!playing) return;
    playing = false;
    cancelAnimationFrame(raf);
    clearTimeout(stepTimer);
    dwellUntil = 0;
    setAttr(bPlay, 'aria-label', 'Play');
    setAttr(bPlay, 'title', 'Play (Space)');
    bPlay.innerHTML = ICONS.play;
    delete root.dataset.playing;
  }

  // ---------------------------------------------------------------- wiring

  bPlay.addEventListener('click', () => (playing ? pause() : play()));
  bPrev.addEventListener('click', () => (pause(), seek(index - 1)));
  bNext.addEventListener('click', () => (pause(), seek(index + 1)));
  bPrevKey.addEventListener('click', () => (pause(), keyStep(-1)));
  bNextKey.addEventListener('click', () => (pause(), keyStep(1)));
  speedSel.addEventListener('change', () => setSpeed(Number(speedSel.value)));
  scrub.addEventListener('input', () => {
    pause();
    seek(Number(scrub.value));
  });
  zoomSel.addEventListener('change', () => {
    st?.setZoom(Number(zoomSel.value));
    render();
  });

  function selectTab(which: 'ring' | 'st', focus = false): void {
    tab = which;
    tabRing.setAttribute('aria-selected', String(which === 'ring'));
    tabSt.setAttribute('aria-selected', String(which === 'st'));
    tabRing.tabIndex = which === 'ring' ? 0 : -1;
    tabSt.tabIndex = which === 'st' ? 0 : -1;
    panelRing.hidden = which !== 'ring';
    panelSt.hidden = which !== 'st';
    if (which === 'st' && !st) {
      st = new SpaceTime(model, { width: W, onSeek: (i) => (pause(), seek(i)), highlightNodes: [...hlNodes], highlightMessages: hlMsgs });
      st.svg.setAttribute('role', 'img');
      st.svg.setAttribute('aria-label', 'Space-time diagram: one lane per node, time to the right, an arrow per message. Use the scrubber or the event list to move in time.');
      panelSt.append(st.svg);
    }
    if (focus) (which === 'ring' ? tabRing : tabSt).focus();
    render();
  }
  tabRing.addEventListener('click', () => selectTab('ring'));
  tabSt.addEventListener('click', () => selectTab('st'));
  tabs.addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowRight' || ev.key === 'ArrowLeft' || ev.key === 'Home' || ev.key === 'End') {
      ev.preventDefault();
      ev.stopPropagation();
      const next = ev.key === 'Home' ? 'ring' : ev.key === 'End' ? 'st' : tab === 'ring' ? 'st' : 'ring';
      selectTab(next, true);
    }
  });

  root.addEventListener('keydown', (ev) => {
    const target = ev.target as HTMLElement;
    if (target.closest('input, select, textarea, [role="tab"]') || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    if (ev.key === ' ' || ev.key === 'k') {
      if (target.tagName === 'BUTTON' && ev.key === ' ') return; // a focused button handles its own Space
      ev.preventDefault();
      if (playing) pause();
      else play();
    } else if (ev.key === 'ArrowRight' || ev.key === 'ArrowLeft') {
      ev.preventDefault();
      pause();
      const dir = ev.key === 'ArrowRight' ? 1 : -1;
      if (ev.shiftKey) keyStep(dir);
      else seek(index + dir);
    } else if (ev.key === 'Home' || ev.key === 'End') {
      ev.preventDefault();
      pause();
      seek(ev.key === 'Home' ? 0 : timeline.length - 1);
    }
  });

  function setSpeed(s: number): void {
    speed = s;
    const best = SPEEDS.reduce((a, b) => (Math.abs(b - s) < Math.abs(a - s) ? b : a));
    speedSel.value = String(best);
  }

  function setTimeline(next: Timeline, o: { horizon?: number; time?: number } = {}): void {
    const sameNodes = next.nodeIds.join() === nodes.join();
    timeline = next;
    model = new TraceModel(next);
    nodes = next.nodeIds;
    horizon = Math.max(o.horizon ?? horizon, next.endTime);
    nearEndAsked = false;
    if (!sameNodes) buildNodes();
    lastNetKey = '';
    if (st) st.setModel(model);
    scrub.max = String(Math.max(0, next.length - 1));
    rebuildRows();
    const t = Math.min(o.time ?? time, maxTime());
    setMoment(t, next.indexAtTime(t));
    viewIndex = NaN;
    render();
  }

  function setSelected(id: NodeId | null): void {
    selected = id;
    viewIndex = NaN;
    render();
  }

  // ---------------------------------------------------------------- start

  buildNodes();
  setSpeed(speed);
  scrub.max = String(Math.max(0, timeline.length - 1));
  rebuildRows();
  // By default, open after everything that happens at the first instant (every node has booted).
  const start = options.startIndex ?? timeline.indexAtTime(timeline.events[0]?.t ?? 0);
  const e0 = timeline.events[Math.max(0, Math.min(start, timeline.length - 1))];
  setMoment(e0 ? e0.t : 0, Math.min(start, timeline.length - 1));
  captionIdx = -2;
  render();
  // The log needs its laid-out height to fill; render it again once the browser has measured it.
  requestAnimationFrame(() => !destroyed && showControls && renderLog());

  return {
    root,
    get time() {
      return time;
    },
    get index() {
      return index;
    },
    get playing() {
      return playing;
    },
    play,
    pause,
    seek,
    seekTime,
    setTimeline,
    setHorizon(h: number) {
      horizon = Math.max(h, timeline.endTime);
      nearEndAsked = false;
    },
    setSelected,
    setOpenEnded(open: boolean) {
      openEnded = open && !!options.onNearEnd;
      nearEndAsked = false;
    },
    setSpeed,
    destroy() {
      destroyed = true;
      pause();
      root.remove();
    },
  };
}

function hexagon(r: number): string {
  const pts: string[] = [];
  for (let i = 0; i < 6; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 3;
    pts.push(`${r1(r * Math.cos(a))} ${r1(r * Math.sin(a))}`);
  }
  return `M${pts.join('L')}Z`;
}

function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
