// tries: a wrong quorum module that poisons the built-ins the grader compares with (Math.floor, Number.prototype.valueOf, a `then` on Object.prototype)
// exercise: 01-quorum
try { (Math as any).floor = (x: number) => Math.round(x); } catch {}
try { (Number.prototype as any).valueOf = () => 3; } catch {}
try { Object.defineProperty(Object.prototype, 'then', { get() { return () => {}; } }); } catch {}
export function majority(n: number): any { return { valueOf: () => Math.floor(n / 2) + 1, toString: () => String(Math.floor(n / 2) + 1) }; }
export function faultTolerance(n: number): any { return n / 2; }
