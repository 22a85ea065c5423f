// The virtual globals learner code may use (the simulator provides them per node).
declare function setTimeout(callback: () => void, ms?: number): number;
declare function clearTimeout(id: number | undefined | null): void;
declare function setInterval(callback: () => void, ms?: number): number;
declare function clearInterval(id: number | undefined | null): void;
declare const console: {
  log(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
  debug(...args: unknown[]): void;
};
