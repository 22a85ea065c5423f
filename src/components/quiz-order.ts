// The order a quiz shows its options in, decided at build time so the HTML holds it and every visit
// (and every build) shows the same order. Pure: it depends only on the lesson id, the question ids, the
// number of options and which one is correct.
//
// A plain seeded shuffle can pile correct answers onto one position by chance, so the position of the
// correct option is balanced within each lesson: each question puts it on one of the positions used least
// so far in that lesson (ties broken by the question's own seeded PRNG), and the wrong options are shuffled
// around it with the same PRNG. Because each lesson is balanced on its own, the course stays balanced
// whatever lessons are added.

export interface OrderableQuestion {
  id: string;
  type: string;
  options?: { correct?: boolean }[];
}

/** FNV-1a, 32 bits: a stable hash of a string (no platform or run dependence). */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** mulberry32: a tiny seeded PRNG returning floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * For each question, the original option indices in display order (an empty list for non-choice
 * questions). `order[i][p] = j` means option j of question i is shown at position p.
 */
export function quizOrders(lessonId: string, questions: OrderableQuestion[]): number[][] {
  const used: number[] = []; // correct answers placed at each position so far, in this lesson
  return questions.map((q) => {
    if (q.type !== 'choice' || !q.options) return [];
    const k = q.options.length;
    const rand = prng(hash32(`${lessonId}\u0000${q.id}`));
    const correct = Math.max(0, q.options.findIndex((o) => o.correct === true));
    const counts = Array.from({ length: k }, (_, p) => used[p] ?? 0);
    const least = Math.min(...counts);
    const candidates = counts.flatMap((c, p) => (c === least ? [p] : []));
    const target = candidates[Math.floor(rand() * candidates.length)];
    used[target] = (used[target] ?? 0) + 1;
    // Fisher–Yates over the wrong options, then the correct one goes to its position.
    const wrong = q.options.map((_, j) => j).filter((j) => j !== correct);
    for (let i = wrong.length - 1; i > 0; i--) {
      const r = Math.floor(rand() * (i + 1));
      [wrong[i], wrong[r]] = [wrong[r], wrong[i]];
    }
    wrong.splice(target, 0, correct);
    return wrong;
  });
}
