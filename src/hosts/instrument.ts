// Rewrites the compiled JavaScript of a learner's module before it reaches SES, with acorn:
//
// 1. SES rejects any source text containing `import(`, `eval(`, `<!--` or `-->`, even inside a
//    string. Strings, template literals and regular expressions that contain one are rewritten to
//    the same value without the sequence: string literals are re-quoted with `(`, `<`, `-`, `/` as
//    \x escapes; a regular expression becomes `new RegExp("...", "flags")` with the same source;
//    template literals get an empty substitution `${""}` inside the sequence. The corner: a tagged
//    template whose raw text holds such a sequence sees one more (empty) substitution and its raw
//    strings split there; String.raw gives the same string, a custom tag may see the difference.
//    A method named `eval` or `import` becomes a computed key (`["eval"]() {}`), the same method;
//    a private `#eval` is spelled `#\u0065val`, the same name.
// 2. A real dynamic import(), a direct eval(...) or a Function constructor call is reported as a
//    problem at the learner's line: a Raft node runs no code from strings.
// 3. Loop guards: a call `GUARD(site)` at the top of every loop body and at the entry of every
//    function, so a host-held deadline can stop code that never returns (see guard.ts).
//
// Edits never add or remove a line break, so line numbers stay; columns are remapped in the map.
import { parse, tokenizer } from 'acorn';
import { GUARD_NAME, siteId, type SiteKind } from './guard-site';

export interface Edit {
  start: number;
  end: number;
  text: string;
  /** For insertions at the same offset: openers outermost first, closers innermost first. */
  depth: number;
  close?: boolean;
}

export interface Forbidden {
  offset: number;
  message: string;
}

export interface Instrumented {
  code: string;
  edits: Edit[];
  forbidden: Forbidden[];
}

/** The sequences SES's source checks reject (the same patterns as its own, applied to our output). */
export const SES_PATTERNS: readonly RegExp[] = [
  /(^|[^.]|\.\.\.)\bimport(\s*(?:\(|\/[/*]))/g,
  /(^|[^.])\beval(\s*\()/g,
  /<!--|-->/g,
];

const HAS_FORBIDDEN = /\bimport\s*(?:\(|\/[/*])|\beval\s*\(|<!--|-->/;

/** A string literal with the same value, quoted so that no forbidden sequence appears in its text. */
export function safeStringLiteral(value: string): string {
  return JSON.stringify(value).replace(/[(<\-/]/g, (c) => `\\x${c.charCodeAt(0).toString(16)}`);
}

type AnyNode = { type: string; start: number; end: number; [key: string]: unknown };

const isNode = (x: unknown): x is AnyNode => typeof x === 'object' && x !== null && typeof (x as AnyNode).type === 'string';

function walk(node: AnyNode, parent: AnyNode | null, depth: number, visit: (node: AnyNode, parent: AnyNode | null, depth: number) => void): void {
  visit(node, parent, depth);
  for (const key in node) {
    if (key === 'type' || key === 'start' || key === 'end' || key === 'loc') continue;
    const value = node[key];
    if (Array.isArray(value)) {
      for (const child of value) if (isNode(child)) walk(child, node, depth + 1, visit);
    } else if (isNode(value)) walk(value, node, depth + 1, visit);
  }
}

const LOOPS: Record<string, SiteKind> = {
  WhileStatement: 'while loop',
  DoWhileStatement: 'do-while loop',
  ForStatement: 'for loop',
  ForInStatement: 'for-in loop',
  ForOfStatement: 'for-of loop',
};

/**
 * Instruments compiled CommonJS. `lineOf(offset)` gives the learner's TypeScript line of an offset
 * in `code` (through the source map), used in site ids and messages.
 */
export function instrument(code: string, lineOf: (offset: number) => number): Instrumented {
  const ast = parse(code, { ecmaVersion: 'latest', sourceType: 'script', allowReturnOutsideFunction: true }) as unknown as AnyNode;
  const edits: Edit[] = [];
  const forbidden: Forbidden[] = [];
  const guard = (line: number, kind: SiteKind) => `${GUARD_NAME}(${siteId(line, kind)});`;
  const insert = (at: number, text: string, depth: number, close = false) => edits.push({ start: at, end: at, text, depth, close });

  walk(ast, null, 0, (node, _parent, depth) => {
    switch (node.type) {
      case 'Identifier':
        if (node.name === GUARD_NAME) forbidden.push({ offset: node.start, message: `the name ${GUARD_NAME} is reserved by the grader: rename it` });
        return;
      case 'PrivateIdentifier':
        // #eval and #import cannot become computed keys: spell the same name with an escape.
        if (node.name === 'eval' || node.name === 'import') edits.push({ start: node.start, end: node.end, text: `#\\u00${node.name.charCodeAt(0).toString(16)}${node.name.slice(1)}`, depth });
        return;
      case 'ImportExpression':
        forbidden.push({ offset: node.start, message: 'import(...) is not available here: a node gets everything it needs through env (only `import type` from \'raft\' is allowed)' });
        return;
      case 'CallExpression':
      case 'NewExpression': {
        const callee = node.callee as AnyNode;
        if (callee.type !== 'Identifier') return;
        if (callee.name === 'eval' && node.type === 'CallExpression') forbidden.push({ offset: node.start, message: 'eval(...) is not available here: write the code itself instead of a string to evaluate' });
        if (callee.name === 'Function') forbidden.push({ offset: node.start, message: 'the Function constructor is not available here: write the function itself instead of a string' });
        return;
      }
      case 'Literal': {
        const raw = String(node.raw ?? '');
        if (!HAS_FORBIDDEN.test(raw)) return;
        if (typeof node.value === 'string') {
          // Keep the literal's line count (a line continuation inside it): pad with continuations.
          const breaks = raw.split('\n').length - 1;
          const text = safeStringLiteral(node.value);
          edits.push({ start: node.start, end: node.end, text: breaks ? text.slice(0, -1) + '\\\n'.repeat(breaks) + '"' : text, depth });
        } else if (node.regex) {
          const { pattern, flags } = node.regex as { pattern: string; flags: string };
          edits.push({ start: node.start, end: node.end, text: `(new RegExp(${safeStringLiteral(pattern)}, ${JSON.stringify(flags)}))`, depth });
        }
        return;
      }
      case 'TemplateElement': {
        const raw = (node.value as { raw: string }).raw;
        if (!HAS_FORBIDDEN.test(raw)) return;
        // Split points: after the keyword (import, eval), and inside <!-- and -->.
        const points = new Set<number>();
        for (const m of raw.matchAll(/\b(import|eval)(?=\s*(?:\(|\/[/*]))/g)) points.add(m.index! + m[1]!.length);
        for (const m of raw.matchAll(/<!(?=--)/g)) points.add(m.index! + 2);
        for (const m of raw.matchAll(/--(?=>)/g)) points.add(m.index! + 2);
        for (const p of points) insert(node.start + p, '${""}', depth);
        return;
      }
      case 'MethodDefinition':
      case 'Property': {
        const key = node.key as AnyNode;
        const isMethod = node.type === 'MethodDefinition' || node.method === true || node.kind === 'get' || node.kind === 'set';
        if (isMethod && !node.computed && key.type === 'Identifier' && (key.name === 'eval' || key.name === 'import')) {
          edits.push({ start: key.start, end: key.end, text: `[${JSON.stringify(key.name)}]`, depth });
        }
        return;
      }
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression': {
        const body = node.body as AnyNode;
        if (body.type === 'BlockStatement') {
          const statements = body.body as AnyNode[];
          let at = body.start + 1;
          for (const s of statements) {
            if (typeof s.directive !== 'string') break;
            at = s.end; // after "use strict" and other directives, which must stay first
          }
          insert(at, guard(lineOf(node.start), node.type === 'ArrowFunctionExpression' ? 'arrow function' : 'function'), depth);
        } else {
          // An expression body: `(GUARD(site), expression)` keeps its value.
          insert(body.start, `(${guard(lineOf(node.start), 'arrow function').slice(0, -1)}, `, depth);
          insert(body.end, ')', depth, true);
        }
        return;
      }
      default: {
        const kind = LOOPS[node.type];
        if (!kind) return;
        const body = node.body as AnyNode;
        const call = guard(lineOf(node.start), kind);
        if (body.type === 'BlockStatement') insert(body.start + 1, call, depth);
        else {
          insert(body.start, `{${call}`, depth);
          insert(body.end, '}', depth, true);
        }
              }
    }
  });

  let out = applyEdits(code, edits);
  // Anything still matching SES's patterns is code, not text (e.g. `a-->b` printed without spaces):
  // separate the tokens with a space, which changes nothing.
  const spaced = spaceOut(out);
  if (spaced.edits.length) {
    out = spaced.code;
    const sorted = sortEdits(edits);
    edits.push(...spaced.edits.map((e) => mapEditBack(e, sorted)));
  }
  return { code: out, edits: sortEdits(edits), forbidden };
}

export function applyEdits(code: string, edits: Edit[]): string {
  const sorted = sortEdits(edits);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    out += code.slice(at, e.start) + e.text;
    at = Math.max(at, e.end);
  }
  return out + code.slice(at);
}

export function sortEdits(edits: Edit[]): Edit[] {
  return edits
    .map((e, i) => ({ e, i }))
    .sort((a, b) => {
      if (a.e.start !== b.e.start) return a.e.start - b.e.start;
      const ac = a.e.close ? 1 : 0;
      const bc = b.e.close ? 1 : 0;
      if (ac !== bc) return bc - ac; // closers of earlier constructs before openers of later ones
      if (a.e.close) return b.e.depth - a.e.depth || b.i - a.i;
      return a.e.depth - b.e.depth || a.i - b.i;
    })
    .map(({ e }) => e);
}

/** An offset of the original code, given the edits (sorted) applied to it: where it lands in the new code. */
export function mapOffset(offset: number, edits: Edit[]): number {
  let shift = 0;
  for (const e of edits) {
    if (e.start === e.end) {
      if (e.start <= offset) shift += e.text.length;
    } else if (e.end <= offset) shift += e.text.length - (e.end - e.start);
    else if (e.start < offset) return e.start + shift; // inside a replaced literal: its start
  }
  return offset + shift;
}

/** A space inserted in the final code, expressed as an insertion in the original code. */
function mapEditBack(space: Edit, edits: Edit[]): Edit {
  // Find the original offset whose image is the insertion point (monotone, so scan).
  let lo = 0;
  let hi = space.start;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (mapOffset(mid, edits) <= space.start) lo = mid;
    else hi = mid - 1;
  }
  return { start: lo, end: lo, text: ' ', depth: 0 };
}

function spaceOut(code: string): { code: string; edits: Edit[] } {
  const starts = new Set<number>();
  try {
    for (const t of tokenizer(code, { ecmaVersion: 'latest' })) starts.add(t.start);
  } catch {
    return { code, edits: [] };
  }
  const points = new Set<number>();
  for (const pattern of SES_PATTERNS) {
    for (const m of code.matchAll(pattern)) {
      for (let p = m.index! + 1; p < m.index! + m[0].length; p++) {
        if (starts.has(p) && !/\s/.test(code[p - 1]!)) {
          points.add(p);
          break;
        }
      }
    }
  }
  const edits = [...points].map((p) => ({ start: p, end: p, text: ' ', depth: 0 }));
  return { code: edits.length ? applyEdits(code, edits) : code, edits };
}
