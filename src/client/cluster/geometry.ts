// Pure geometry of the cluster picture: where nodes sit on the ring (partition groups kept
// together), the padded hulls drawn around groups, and where a message is along its link.
// No DOM here: unit-tested in tests/cluster/geometry.test.ts.

export interface Point {
  x: number;
  y: number;
}

export interface RingOptions {
  cx: number;
  cy: number;
  r: number;
  /** Extra angular space between partition groups, in node slots (default 0.8). */
  gap?: number;
}

/**
 * The order nodes are drawn in around the ring: ring order, except that when the network is split
 * each group is made contiguous (groups in the order of their first member), so the hulls drawn
 * around groups never overlap. Nodes named in no group are alone in their own group (as the
 * simulator's network treats them).
 */
export function groupOrder(nodes: readonly string[], groups: readonly (readonly string[])[]): string[][] {
  if (!groups.length) return [nodes.slice()];
  const groupOf = new Map<string, number>();
  groups.forEach((g, i) => g.forEach((id) => groupOf.set(id, i)));
  const byGroup = new Map<string, string[]>();
  for (const id of nodes) {
    const key = groupOf.has(id) ? `g${groupOf.get(id)}` : `alone:${id}`;
    let list = byGroup.get(key);
    if (!list) byGroup.set(key, (list = []));
    list.push(id);
  }
  return [...byGroup.values()];
}

/** Node centres on a circle, clockwise from the top; partition groups contiguous with a gap between them. */
export function ringLayout(nodes: readonly string[], groups: readonly (readonly string[])[], o: RingOptions): Map<string, Point> {
  const order = groupOrder(nodes, groups);
  const gap = order.length > 1 ? (o.gap ?? 0.8) : 0;
  const slots = nodes.length + gap * order.length;
  const out = new Map<string, Point>();
  let slot = order.length > 1 ? gap / 2 : 0;
  for (const group of order) {
    for (const id of group) {
      const a = -Math.PI / 2 + (2 * Math.PI * slot) / Math.max(1, slots);
      out.set(id, { x: o.cx + o.r * Math.cos(a), y: o.cy + o.r * Math.sin(a) });
      slot += 1;
    }
    slot += gap;
  }
  return out;
}

/** Convex hull, counter-clockwise in SVG coordinates (y down), without collinear points. */
export function convexHull(points: readonly Point[]): Point[] {
  const pts = [...points].sort((a, b) => a.x - b.x || a.y - b.y);
  const uniq = pts.filter((p, i) => i === 0 || p.x !== pts[i - 1]!.x || p.y !== pts[i - 1]!.y);
  if (uniq.length <= 2) return uniq;
  const cross = (o: Point, a: Point, b: Point) => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
  const lower: Point[] = [];
  for (const p of uniq) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Point[] = [];
  for (let i = uniq.length - 1; i >= 0; i--) {
    const p = uniq[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop();
    upper.push(p);
  }
  return lower.slice(0, -1).concat(upper.slice(0, -1));
}

const f = (n: number) => (Math.round(n * 10) / 10).toString();

/**
 * The outline of a group: its convex hull grown by `pad` (straight edges pushed out along their
 * normals, joined by arcs around each node). One node gives a circle, two a capsule.
 */
export function paddedHullPath(points: readonly Point[], pad: number): string {
  const hull = convexHull(points);
  if (hull.length === 0) return '';
  if (hull.length === 1) {
    const p = hull[0]!;
    return `M${f(p.x - pad)} ${f(p.y)}a${f(pad)} ${f(pad)} 0 1 0 ${f(2 * pad)} 0a${f(pad)} ${f(pad)} 0 1 0 ${f(-2 * pad)} 0Z`;
  }
  if (hull.length === 2) return capsulePath(hull[0]!, hull[1]!, pad);
  const n = hull.length;
  // Outward normal of edge i (from hull[i] to hull[i+1]); the hull runs one way round, pick the side away from the centroid.
  const c = { x: hull.reduce((s, p) => s + p.x, 0) / n, y: hull.reduce((s, p) => s + p.y, 0) / n };
  const normal = (i: number): Point => {
    const a = hull[i]!;
    const b = hull[(i + 1) % n]!;
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const len = Math.hypot(dx, dy) || 1;
    let nx = dy / len;
    let ny = -dx / len;
    const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    if ((mid.x - c.x) * nx + (mid.y - c.y) * ny < 0) {
      nx = -nx;
      ny = -ny;
    }
    return { x: nx, y: ny };
  };
  // Orientation: whether walking the hull turns clockwise on screen decides the arcs' sweep flag.
  let area = 0;
  for (let i = 0; i < n; i++) area += hull[i]!.x * hull[(i + 1) % n]!.y - hull[(i + 1) % n]!.x * hull[i]!.y;
  const sweep = area > 0 ? 1 : 0;
  let d = '';
  for (let i = 0; i < n; i++) {
    const nIn = normal((i - 1 + n) % n);
    const nOut = normal(i);
    const v = hull[i]!;
    const start = { x: v.x + pad * nIn.x, y: v.y + pad * nIn.y };
    const end = { x: v.x + pad * nOut.x, y: v.y + pad * nOut.y };
    d += `${i === 0 ? 'M' : 'L'}${f(start.x)} ${f(start.y)}A${f(pad)} ${f(pad)} 0 0 ${sweep} ${f(end.x)} ${f(end.y)}`;
  }
  return `${d}Z`;
}

/** Two nodes: a capsule (both long sides, rounded ends). */
export function capsulePath(a: Point, b: Point, pad: number): string {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy) || 1;
  const nx = (-dy / len) * pad;
  const ny = (dx / len) * pad;
  return `M${f(a.x + nx)} ${f(a.y + ny)}L${f(b.x + nx)} ${f(b.y + ny)}A${f(pad)} ${f(pad)} 0 0 0 ${f(b.x - nx)} ${f(b.y - ny)}L${f(a.x - nx)} ${f(a.y - ny)}A${f(pad)} ${f(pad)} 0 0 0 ${f(a.x + nx)} ${f(a.y + ny)}Z`;
}


/**
 * Where a message is drawn: `frac` (0 at the sender, 1 at the receiver) along the link between two
 * node centres, trimmed by the node radius at both ends and shifted sideways by `lane` so the two
 * directions of a link do not overlap.
 */
export function pointOnLink(from: Point, to: Point, frac: number, trim: number, lane: number): Point {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const len = Math.hypot(dx, dy);
  if (len === 0) return { ...from };
  const ux = dx / len;
  const uy = dy / len;
  const usable = Math.max(0, len - 2 * trim);
  const k = trim + usable * Math.min(1, Math.max(0, frac));
  return { x: from.x + ux * k - uy * lane, y: from.y + uy * k + ux * lane };
}

/** SVG arc path for the remaining fraction of a timer, drawn clockwise from the top of a circle. */
export function timerArc(c: Point, r: number, remaining: number): string {
  const frac = Math.min(1, Math.max(0, remaining));
  if (frac <= 0) return '';
  if (frac >= 0.9999) return `M${f(c.x)} ${f(c.y - r)}a${f(r)} ${f(r)} 0 1 1 0 ${f(2 * r)}a${f(r)} ${f(r)} 0 1 1 0 ${f(-2 * r)}`;
  const a = -Math.PI / 2 + 2 * Math.PI * frac;
  const x = c.x + r * Math.cos(a);
  const y = c.y + r * Math.sin(a);
  return `M${f(c.x)} ${f(c.y - r)}A${f(r)} ${f(r)} 0 ${frac > 0.5 ? 1 : 0} 1 ${f(x)} ${f(y)}`;
}

/** Linear interpolation between two points (for nodes gliding to their places when the network splits). */
export function lerp(a: Point, b: Point, k: number): Point {
  return { x: a.x + (b.x - a.x) * k, y: a.y + (b.y - a.y) * k };
}
