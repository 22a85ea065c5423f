// Maps stack frames of the learner's compiled module back to their TypeScript lines.
import { SourceMapConsumer, type RawSourceMap } from 'source-map-js';
import { LEARNER_FILE, WRAPPER_LINES } from './sandbox-constants';

export interface SourcePosition {
  line: number;
  column: number;
}

export class LearnerSourceMap {
  private consumer: SourceMapConsumer | null;

  constructor(map: string | RawSourceMap | null) {
    try {
      this.consumer = map ? new SourceMapConsumer(typeof map === 'string' ? JSON.parse(map) : map) : null;
    } catch {
      this.consumer = null;
    }
  }

  /** Position in the learner's source of a position in the evaluated (wrapped) code. */
  original(line: number, column: number): SourcePosition | null {
    const compiledLine = line - WRAPPER_LINES;
    if (!this.consumer || compiledLine < 1) return null;
    const pos = this.consumer.originalPositionFor({ line: compiledLine, column: Math.max(0, column - 1) });
    return pos.line ? { line: pos.line, column: (pos.column ?? 0) + 1 } : null;
  }

  /** The learner's frames of a stack, as "at method (line L, column C)", deepest first. */
  frames(stack: string | undefined, limit = 4): { text: string; position: SourcePosition }[] {
    if (!stack) return [];
    const out: { text: string; position: SourcePosition }[] = [];
    const pattern = new RegExp(`at (?:(.+?) \\()?${LEARNER_FILE.replace('.', '\\.')}:(\\d+):(\\d+)\\)?`);
    for (const line of stack.split('\n')) {
      const m = pattern.exec(line);
      if (!m) continue;
      const position = this.original(Number(m[2]), Number(m[3]));
      if (!position) continue;
      const where = m[1] ? m[1].replace(/^Object\./, '') : 'module';
      out.push({ text: `at ${where} (line ${position.line}, column ${position.column})`, position });
      if (out.length >= limit) break;
    }
    return out;
  }
}
