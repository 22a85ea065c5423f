// Ring layout, group hulls, message positions along links, timer arcs.
import { describe, expect, it } from 'vitest';
import { convexHull, groupOrder, paddedHullPath, pointOnLink, ringLayout, timerArc } from '../../src/client/cluster/geometry';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `n${i + 1}`);
const O = { cx: 300, cy: 200, r: 150 };
const angle = (p: { x: number; y: number }) => (Math.atan2(p.y - O.cy, p.x - O.cx) + Math.PI * 2.5) % (Math.PI * 2); // 0 at the top, clockwise

describe('ringLayout', () => {
  it.each([3, 5, 7])('puts %i nodes on the circle, evenly, clockwise from the top in ring order', (n) => {
    const pos = ringLayout(ids(n), [], O);
    expect(pos.size).toBe(n);
    const angles = ids(n).map((id) => angle(pos.get(id)!));
    for (const id of ids(n)) expect(Math.hypot(pos.get(id)!.x - O.cx, pos.get(id)!.y - O.cy)).toBeCloseTo(150, 6);
    expect(angles[0]).toBeCloseTo(0, 6);
    for (let i = 1; i < n; i++) expect(angles[i]! - angles[i - 1]!).toBeCloseTo((2 * Math.PI) / n, 6);
  });

  it('keeps each partition group contiguous around the ring, with a wider gap between groups', () => {
    const groups = [['n1', 'n3', 'n5'], ['n2', 'n4']];
    const pos = ringLayout(ids(5), groups, O);
    const order = [...pos.entries()].sort((a, b) => angle(a[1]) - angle(b[1])).map(([id]) => id);
    // Reading clockwise, the members of a group are never separated by a member of another group.
    const g = (id: string) => (groups[0]!.includes(id) ? 0 : 1);
    let switches = 0;
    for (let i = 0; i < order.length; i++) if (g(order[i]!) !== g(order[(i + 1) % order.length]!)) switches++;
    expect(switches).toBe(2);
    const a = order.map((id) => angle(pos.get(id)!));
    const steps = a.map((x, i) => ((a[(i + 1) % a.length]! - x + 2 * Math.PI) % (2 * Math.PI)));
    const within = steps.filter((_, i) => g(order[i]!) === g(order[(i + 1) % order.length]!));
    const between = steps.filter((_, i) => g(order[i]!) !== g(order[(i + 1) % order.length]!));
    expect(Math.min(...between)).toBeGreaterThan(Math.max(...within) * 1.5);
  });

  it('treats nodes named in no group as alone (as the network does)', () => {
    expect(groupOrder(ids(4), [['n1', 'n2']])).toEqual([['n1', 'n2'], ['n3'], ['n4']]);
    expect(groupOrder(ids(3), [])).toEqual([ids(3)]);
  });

  it('hulls of contiguous groups do not overlap (their padded outlines stay apart)', () => {
    const groups = [['n1', 'n2', 'n3'], ['n4', 'n5', 'n6', 'n7']];
    const pos = ringLayout(ids(7), groups, { ...O, r: 162 });
    const hulls = groups.map((g) => convexHull(g.map((id) => pos.get(id)!)));
    // Separating axis along the line through the centre between the two groups: every point of one hull is on one side.
    const side = (p: { x: number; y: number }, a: { x: number; y: number }, b: { x: number; y: number }) => Math.sign((b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x));
    const gapA = pos.get('n3')!;
    const gapB = pos.get('n4')!;
    const mid = { x: (gapA.x + gapB.x) / 2, y: (gapA.y + gapB.y) / 2 };
    const centre = { x: O.cx, y: O.cy };
    const s0 = new Set(hulls[0]!.map((p) => side(p, centre, mid)));
    expect(s0.size).toBe(1);
  });
});

describe('paddedHullPath', () => {
  it('draws a circle for one node, a capsule for two and a closed rounded hull for more', () => {
    expect(paddedHullPath([{ x: 10, y: 10 }], 5)).toMatch(/^M5 10a5 5 0 1 0 10 0a5 5 0 1 0 -10 0Z$/);
    const two = paddedHullPath([{ x: 0, y: 0 }, { x: 100, y: 0 }], 10);
    expect(two.match(/A/g)).toHaveLength(2);
    const three = paddedHullPath([{ x: 0, y: 0 }, { x: 100, y: 0 }, { x: 50, y: 80 }], 10);
    expect(three.startsWith('M')).toBe(true);
    expect(three.endsWith('Z')).toBe(true);
    expect(three.match(/A/g)).toHaveLength(3);
    // Every point of the outline is `pad` away from a corner of the triangle, and outside it.
    const tri = [{ x: 0, y: 0 }, { x: 100, y: 0 }, { x: 50, y: 80 }];
    const pts = [...three.matchAll(/(?:[ML]|A10 10 0 0 [01] )(-?[\d.]+) (-?[\d.]+)/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]) }));
    expect(pts).toHaveLength(6);
    const inside = (p: { x: number; y: number }) => {
      const s = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.sign((b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x));
      const signs = new Set([s(tri[0]!, tri[1]!), s(tri[1]!, tri[2]!), s(tri[2]!, tri[0]!)]);
      return signs.size === 1;
    };
    for (const p of pts) {
      expect(Math.min(...tri.map((v) => Math.hypot(v.x - p.x, v.y - p.y)))).toBeCloseTo(10, 0);
      expect(inside(p)).toBe(false);
    }
  });

  it('ignores interior points', () => {
    expect(convexHull([{ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 10, y: 10 }, { x: 0, y: 10 }, { x: 5, y: 5 }])).toHaveLength(4);
  });
});

describe('pointOnLink', () => {
  const a = { x: 0, y: 0 };
  const b = { x: 100, y: 0 };
  it('moves from the sender edge (frac 0) to the receiver edge (frac 1), trimmed by the node radius', () => {
    expect(pointOnLink(a, b, 0, 10, 0)).toEqual({ x: 10, y: 0 });
    expect(pointOnLink(a, b, 1, 10, 0)).toEqual({ x: 90, y: 0 });
    expect(pointOnLink(a, b, 0.5, 10, 0)).toEqual({ x: 50, y: 0 });
    expect(pointOnLink(a, b, 2, 10, 0)).toEqual({ x: 90, y: 0 });
  });
  it('offsets the two directions of a link to opposite sides', () => {
    const there = pointOnLink(a, b, 0.5, 10, 6);
    const back = pointOnLink(b, a, 0.5, 10, 6);
    expect(there.y).toBeCloseTo(6);
    expect(back.y).toBeCloseTo(-6);
  });
});

describe('timerArc', () => {
  it('is empty when the timer has run out, a full circle when just set, a partial arc between', () => {
    expect(timerArc({ x: 0, y: 0 }, 10, 0)).toBe('');
    expect(timerArc({ x: 0, y: 0 }, 10, 1)).toMatch(/a10 10 0 1 1 0 20a10 10 0 1 1 0 -20/);
    expect(timerArc({ x: 0, y: 0 }, 10, 0.25)).toBe('M0 -10A10 10 0 0 1 10 0');
    expect(timerArc({ x: 0, y: 0 }, 10, 0.75)).toBe('M0 -10A10 10 0 1 1 -10 0');
  });
});
