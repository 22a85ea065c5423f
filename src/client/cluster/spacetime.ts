// The space-time (Lamport) diagram of a trace: one horizontal lane per node, time running to the
// right, an arrow per message from its send to its arrival (or a cross where it died), lanes
// coloured by role (leader, candidate, follower, down, frozen) with the term, and the current
// moment as a cursor. Content is drawn once per chunk of time in time coordinates and slid under
// the cursor with a single transform, so playing costs one attribute write per frame.
import type { Journey, TraceModel } from './model';
import { messageStyle } from './model';

const SVG = 'http://www.w3.org/2000/svg';

export const ST_ZOOMS = [250, 1000, 4000] as const;

export interface SpaceTimeOptions {
  width: number;
  laneHeight?: number;
  onSeek: (index: number) => void;
  highlightNodes?: readonly string[];
  highlightMessages?: ReadonlySet<number>;
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const r1 = (n: number) => Math.round(n * 10) / 10;

export class SpaceTime {
  readonly svg: SVGSVGElement;
  private model: TraceModel;
  private readonly o: SpaceTimeOptions;
  private readonly labelW = 46;
  private readonly top = 22;
  private readonly laneH: number;
  private windowMs: number = ST_ZOOMS[1];
  private content!: SVGGElement;
  private axis!: SVGGElement;
  private chunk: [number, number] | null = null;
  private lastX = NaN;

  constructor(model: TraceModel, o: SpaceTimeOptions) {
    this.model = model;
    this.o = o;
    this.laneH = o.laneHeight ?? 36;
    this.svg = document.createElementNS(SVG, 'svg');
    this.svg.setAttribute('class', 'cv-st');
    this.build();
    this.svg.addEventListener('click', (ev) => this.click(ev));
  }

  get height(): number {
    return this.top + this.model.nodes.length * this.laneH + 8;
  }

  private get plotW(): number {
    return this.o.width - this.labelW;
  }

  private get pxPerMs(): number {
    return this.plotW / this.windowMs;
  }

  /** x of the cursor (the current moment), in SVG units. */
  private get cursorX(): number {
    return this.labelW + this.plotW * 0.7;
  }

  private laneY(id: string): number {
    return this.top + this.model.nodes.indexOf(id) * this.laneH + this.laneH / 2;
  }

  setZoom(windowMs: number): void {
    this.windowMs = windowMs;
    this.chunk = null;
    this.lastX = NaN;
  }

  get zoom(): number {
    return this.windowMs;
  }

  setModel(model: TraceModel): void {
    this.model = model;
    this.build();
  }

  private build(): void {
    const h = this.height;
    const w = this.o.width;
    this.svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
    const uid = `cvst${Math.random().toString(36).slice(2, 8)}`;
    const lanes = this.model.nodes
      .map((id) => {
        const y = this.laneY(id);
        const hl = this.o.highlightNodes?.includes(id) ? ' cv-st-hl' : '';
        return `<text class="cv-st-name${hl}" x="${this.labelW - 8}" y="${y + 4}">${esc(id)}</text><line class="cv-st-lane" x1="${this.labelW}" x2="${w}" y1="${y}" y2="${y}"/>`;
      })
      .join('');
    this.svg.innerHTML =
      `<defs><clipPath id="${uid}"><rect x="${this.labelW}" y="0" width="${this.plotW}" height="${h}"/></clipPath></defs>` +
      `<g class="cv-st-lanes">${lanes}</g>` +
      `<g clip-path="url(#${uid})"><g class="cv-st-axis"></g><g class="cv-st-content"></g>` +
      `<rect class="cv-st-future" x="${this.cursorX}" y="0" width="${w - this.cursorX}" height="${h}"/>` +
      `<line class="cv-st-cursor" x1="${this.cursorX}" x2="${this.cursorX}" y1="4" y2="${h - 2}"/></g>`;
    this.content = this.svg.querySelector('.cv-st-content')!;
    this.axis = this.svg.querySelector('.cv-st-axis')!;
    this.chunk = null;
    this.lastX = NaN;
  }

  /** Moves the diagram so that time `t` sits under the cursor; draws a new chunk when needed. */
  render(t: number): void {
    const px = this.pxPerMs;
    const left = t - (this.cursorX - this.labelW) / px;
    const right = t + (this.o.width - this.cursorX) / px;
    if (!this.chunk || left < this.chunk[0] || right > this.chunk[1]) {
      const span = this.windowMs * 0.6;
      this.drawChunk(Math.max(0, left - span), right + span);
    }
    const x = r1(this.cursorX - t * px);
    if (x !== this.lastX) {
      const tr = `translate(${x} 0)`;
      this.content.setAttribute('transform', tr);
      this.axis.setAttribute('transform', tr);
      this.lastX = x;
    }
  }

  private drawChunk(a: number, b: number): void {
    this.chunk = [a, b];
    const px = this.pxPerMs;
    const X = (t: number) => r1(t * px);
    const h = this.height;
    // Time axis: a tick every 10/50/250 ms depending on zoom.
    const step = this.windowMs <= 250 ? 25 : this.windowMs <= 1000 ? 100 : 500;
    let axis = '';
    for (let t = Math.ceil(a / step) * step; t <= b; t += step) {
      axis += `<line class="cv-st-tick" x1="${X(t)}" x2="${X(t)}" y1="${this.top - 4}" y2="${h - 6}"/><text class="cv-st-time" x="${X(t) + 3}" y="${this.top - 8}">${t} ms</text>`;
    }
    this.axis.innerHTML = axis;

    let out = '';
    const half = this.laneH / 2 - 5;
    for (const s of this.model.segments) {
      if (s.to < a || s.from > b) continue;
      const y = this.laneY(s.node);
      const x1 = X(Math.max(s.from, a));
      const x2 = X(Math.min(s.to, b));
      out += `<rect class="cv-st-seg cv-st-${s.kind.toLowerCase()}" x="${x1}" y="${r1(y - half)}" width="${Math.max(0, r1(x2 - x1))}" height="${r1(2 * half)}"/>`;
      if (s.kind !== 'down' && x2 - x1 > 40 && s.from >= a) {
        const word = s.kind === 'LEADER' ? 'leader' : s.kind === 'CANDIDATE' ? 'cand.' : s.kind === 'paused' ? 'frozen' : '';
        out += `<text class="cv-st-term" x="${X(s.from) + 3}" y="${r1(y - half + 10)}">T${s.term}${word ? ` ${word}` : ''}</text>`;
      }
    }
    // Messages: one path per style (a few elements however busy the window), highlighted ones on their own.
    const paths = new Map<string, string>();
    const add = (cls: string, d: string) => paths.set(cls, (paths.get(cls) ?? '') + d);
    for (const j of this.model.journeysBetween(a, b)) this.arrow(j, X, add);
    for (const [cls, d] of paths) out += `<path class="${cls}" d="${d}"/>`;
    for (const m of this.model.marks) {
      if (m.t < a || m.t > b) continue;
      const y = this.laneY(m.node);
      const x = X(m.t);
      if (m.kind === 'crash') out += `<path class="cv-st-crash" d="M${x - 5} ${y - 5}l10 10m0 -10l-10 10"><title>${esc(`${m.node} ${m.label} at ${m.t.toFixed(1)} ms`)}</title></path>`;
      else if (m.kind === 'violation') out += `<line class="cv-st-violation" x1="${x}" x2="${x}" y1="${this.top}" y2="${h - 6}"><title>${esc(m.label)}</title></line>`;
      else if (m.kind === 'vote') out += `<circle class="cv-st-vote" cx="${x}" cy="${y}" r="2.5"><title>${esc(`${m.node} ${m.label}`)}</title></circle>`;
      else if (m.kind === 'state') out += `<path class="cv-st-mark" d="M${x} ${y - 7}l4 7l-4 7l-4 -7z"><title>${esc(`${m.node}: ${m.label} at ${m.t.toFixed(1)} ms`)}</title></path>`;
    }
    this.content.innerHTML = out;
  }

  private arrow(j: Journey, X: (t: number) => number, add: (cls: string, d: string) => void): void {
    const y1 = this.laneY(j.from);
    const y2 = this.laneY(j.to);
    const x1 = X(j.sentAt);
    const style = messageStyle(j);
    const hl = this.o.highlightMessages?.has(j.id) ? ' cv-st-hlmsg' : '';
    if (j.fate === 'dropped') {
      // Drawn travelling a short way (or until it died in flight) towards where it died, then a cross.
      const x2 = X(Math.max(j.endAt, j.sentAt + 4));
      const y = r1(y1 + (y2 - y1) * j.deathFrac);
      add(`cv-st-msg cv-st-dropped cv-m-${style}${hl}`, `M${x1} ${y1}L${x2} ${y}`);
      add('cv-st-x', `M${r1(x2 - 3.5)} ${r1(y - 3.5)}l7 7m0 -7l-7 7`);
      return;
    }
    const x2 = X(j.endAt === Infinity ? j.sentAt + 12 : j.endAt);
    add(`cv-st-msg cv-m-${style}${hl}`, `M${x1} ${y1}L${x2} ${y2}`);
    // Arrival dots only for votes: heartbeats are most of the traffic, and the lane shows who got them.
    if (j.kind === 'RequestVote' || j.kind === 'RequestVoteReply') add(`cv-st-head cv-m-${style}`, `M${r1(x2 - 2.2)} ${y2}a2.2 2.2 0 1 0 4.4 0a2.2 2.2 0 1 0 -4.4 0`);
  }

  private click(ev: MouseEvent): void {
    const ctm = this.svg.getScreenCTM();
    if (!ctm) return;
    const p = new DOMPoint(ev.clientX, ev.clientY).matrixTransform(ctm.inverse());
    if (p.x < this.labelW) return;
    const t = (p.x - (Number.isNaN(this.lastX) ? 0 : this.lastX)) / this.pxPerMs;
    const index = this.model.indexNearTime(Math.max(0, t));
    if (index >= 0) this.o.onSeek(index);
  }
}
