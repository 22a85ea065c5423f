// tries: every way to let real time or GC timing into a run (WeakRef, FinalizationRegistry, performance, crypto, queueMicrotask); each must be unavailable or virtual
// exercise: 01-quorum
const probes: string[] = [];
const probe = (name: string, f: () => unknown) => {
  try {
    const v = f();
    probes.push(`${name}: ${v === undefined ? 'undefined' : typeof v}`);
  } catch {
    probes.push(`${name}: unavailable`);
  }
};
probe('WeakRef', () => (typeof WeakRef === 'undefined' ? undefined : WeakRef));
probe('FinalizationRegistry', () => (typeof FinalizationRegistry === 'undefined' ? undefined : FinalizationRegistry));
probe('performance', () => (globalThis as any).performance);
probe('crypto', () => (globalThis as any).crypto);
probe('queueMicrotask', () => (globalThis as any).queueMicrotask);
export function majority(n: number): number {
  console.log(probes.join('; '));
  return Math.floor(n / 2) + 1;
}
export function faultTolerance(n: number): number {
  return 0; // wrong on purpose: the grading must fail
}
