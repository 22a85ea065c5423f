// Pure answer checking for the quiz island (kept apart from the DOM code so tests can import it).

/** Numbers as people type them: "3", " 3.0 ", "1,5" (decimal comma), "10,000" (thousands), "2 nodes". */
export function parseNumber(text: string): number | null {
  let t = text.trim();
  if (/^[-+]?\d{1,3}(,\d{3})+(\.\d+)?(\D|$)/.test(t)) t = t.replace(/,/g, '');
  else t = t.replace(/^([-+]?\d+),(\d+)/, '$1.$2');
  const m = t.match(/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?/i);
  if (!m) return null;
  const n = Number(m[0]);
  return Number.isFinite(n) ? n : null;
}

export function numericMatches(value: number, answer: number): boolean {
  return Math.abs(value - answer) <= 1e-9 * Math.max(1, Math.abs(answer));
}
