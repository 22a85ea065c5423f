// A wrong quorum module that tries to poison the built-ins the grader compares with.
try { (Math as any).floor = (x: number) => Math.round(x); } catch {}
try { (Number.prototype as any).valueOf = () => 3; } catch {}
try { Object.defineProperty(Object.prototype, 'then', { get() { return () => {}; } }); } catch {}
export function majority(n: number): any { return { valueOf: () => Math.floor(n / 2) + 1, toString: () => String(Math.floor(n / 2) + 1) }; }
export function faultTolerance(n: number): any { return n / 2; }
