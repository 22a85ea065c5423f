// The globals learner code sees. Each routes to the node whose turn it is, so seed-style code
// (setTimeout, Math.random, Date.now, console.log) stays deterministic and per node.
import type { TimerId } from '../contract/raft';
import { learnerError } from './stack';

export interface NodeServices {
  setTimeout(callback: unknown, ms: unknown): TimerId;
  clearTimeout(id: unknown): void;
  setInterval(callback: unknown, ms: unknown): TimerId;
  clearInterval(id: unknown): void;
  now(): number;
  random(): number;
  log(level: string, args: unknown[]): void;
}

/** Which node is running right now; the simulator sets it around every call into learner code. */
export interface Router {
  current: NodeServices | null;
}

function active(router: Router, what: string): NodeServices {
  const services = router.current;
  if (!services) {
    throw learnerError(
      `${what} was called outside a node's turn: call it from your Node's constructor, methods or timer callbacks, not at module top level or after a run.`,
    );
  }
  return services;
}

export function makeVirtualGlobals(router: Router): Record<string, unknown> {
  const RealDate = Date;
  const VirtualDate = function (this: unknown, ...args: unknown[]) {
    if (!new.target) return new RealDate(active(router, 'Date()').now()).toString();
    return args.length === 0
      ? new RealDate(active(router, 'new Date()').now())
      : new (RealDate as unknown as new (...a: unknown[]) => Date)(...args);
  } as unknown as DateConstructor;
  Object.defineProperties(VirtualDate, {
    now: { value: () => active(router, 'Date.now').now() },
    parse: { value: RealDate.parse },
    UTC: { value: RealDate.UTC },
    prototype: { value: RealDate.prototype },
  });

  const VirtualMath: Record<string, unknown> = {};
  for (const key of Object.getOwnPropertyNames(Math)) {
    VirtualMath[key] = (Math as unknown as Record<string, unknown>)[key];
  }
  VirtualMath.random = () => active(router, 'Math.random').random();

  const log = (level: string) => (...args: unknown[]) => active(router, `console.${level}`).log(level, args);
  const console = { log: log('log'), info: log('info'), warn: log('warn'), error: log('error'), debug: log('debug') };

  return {
    setTimeout: (cb: unknown, ms: unknown) => active(router, 'setTimeout').setTimeout(cb, ms),
    clearTimeout: (id: unknown) => active(router, 'clearTimeout').clearTimeout(id),
    setInterval: (cb: unknown, ms: unknown) => active(router, 'setInterval').setInterval(cb, ms),
    clearInterval: (id: unknown) => active(router, 'clearInterval').clearInterval(id),
    Date: Object.freeze(VirtualDate),
    Math: Object.freeze(VirtualMath),
    console: Object.freeze(console),
  };
}

/**
 * Names a host must hide from learner code, bound to undefined both as parameters of the module
 * function (fresh per node boot) and on the compartment's global object (so `Function('return X')()`
 * finds nothing either):
 * - non-deterministic or able to reach the page or the host: performance, crypto, fetch, process ...
 * - GC timing: WeakRef, FinalizationRegistry;
 * - binary buffers, whose memory lies outside the JS heap and so outside the worker's heap limit:
 *   a Raft node needs none. ArrayBuffer is otherwise reachable only from a typed array, a DataView,
 *   TextEncoder/TextDecoder, WebAssembly or Atomics, all hidden here; and `Compartment`, since a
 *   child compartment gets fresh copies of every global.
 */
export const HIDDEN_GLOBALS = [
  'performance', 'crypto', 'fetch', 'XMLHttpRequest', 'WebSocket', 'postMessage', 'self', 'window',
  'document', 'importScripts', 'setImmediate', 'queueMicrotask', 'requestAnimationFrame', 'process',
  'require', 'WeakRef', 'FinalizationRegistry',
  'ArrayBuffer', 'SharedArrayBuffer', 'DataView', 'Atomics', 'WebAssembly',
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array',
  'Float16Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
  'TextEncoder', 'TextDecoder', 'Compartment',
] as const;
