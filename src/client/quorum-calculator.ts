// Quorum calculator island. All arithmetic comes from src/engine/quorum.ts (bundled by Vite).
import { faultTolerance, majority } from '../engine/quorum';

export const MIN_N = 1;
export const MAX_N = 15;

export function clampN(value: number): number {
  if (!Number.isFinite(value)) return 3;
  return Math.min(MAX_N, Math.max(MIN_N, Math.round(value)));
}

class QuorumCalculator extends HTMLElement {
  private input!: HTMLInputElement;
  private n = 5;

  connectedCallback(): void {
    const input = this.querySelector<HTMLInputElement>('input[type="number"]');
    if (!input) return;
    this.input = input;
    this.n = clampN(Number(input.value));
    input.addEventListener('input', () => {
      if (input.value.trim() === '' || !Number.isFinite(Number(input.value))) return; // mid-edit
      this.update(clampN(Number(input.value)), false);
    });
    input.addEventListener('change', () => this.update(clampN(Number(input.value)), true));
    this.querySelector('[data-step="-1"]')?.addEventListener('click', () => this.update(this.n - 1, true));
    this.querySelector('[data-step="1"]')?.addEventListener('click', () => this.update(this.n + 1, true));
    this.toggleAttribute('data-ready', true);
    this.update(this.n, true);
  }

  private update(n: number, normaliseInput: boolean): void {
    this.n = clampN(n);
    const m = majority(this.n);
    const f = faultTolerance(this.n);
    if (normaliseInput) this.input.value = String(this.n);
    this.querySelector<HTMLButtonElement>('[data-step="-1"]')!.disabled = this.n <= MIN_N;
    this.querySelector<HTMLButtonElement>('[data-step="1"]')!.disabled = this.n >= MAX_N;
    this.set('[data-out="majority"]', String(m));
    this.set('[data-out="tolerance"]', String(f));
    this.set('[data-out="majority-unit"]', m === 1 ? 'vote' : 'votes');
    this.set('[data-out="tolerance-unit"]', f === 1 ? 'node' : 'nodes');

    const dots = this.querySelector<HTMLElement>('[data-dots]');
    if (dots) {
      dots.replaceChildren(
        ...Array.from({ length: this.n }, (_, i) => {
          const d = document.createElement('span');
          d.className = i < f ? 'qc-dot qc-can-fail' : 'qc-dot qc-quorum';
          return d;
        }),
      );
      dots.setAttribute('aria-label', `${this.n} nodes: up to ${f} can fail, ${m} must stay up`);
    }

    const node = (k: number) => `${k} node${k === 1 ? '' : 's'}`;
    let sentence = `A cluster of ${node(this.n)} needs ${m} vote${m === 1 ? '' : 's'} for a majority, so it keeps working with up to ${node(f)} down.`;
    if (this.n > 1 && this.n % 2 === 0 && faultTolerance(this.n - 1) === f) {
      sentence += ` ${this.n - 1} nodes tolerate the same ${f}: the extra node raises the majority without adding fault tolerance.`;
    }
    if (this.n === 1) sentence += ' One node tolerates no failure at all.';
    this.set('[data-out="summary"]', sentence);
  }

  private set(sel: string, text: string): void {
    const el = this.querySelector(sel);
    if (el) el.textContent = text;
  }
}

if (!customElements.get('quorum-calculator')) customElements.define('quorum-calculator', QuorumCalculator);
