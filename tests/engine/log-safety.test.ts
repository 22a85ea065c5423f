// The log safety checker on hand-made runs: Figure 8 (an old-term entry on a majority is not committed),
// and each property broken once.
import { describe, expect, it } from 'vitest';
import { LogSafety, type Entry } from '../../src/engine/check/log-safety';

const e = (term: number, command: string): Entry => ({ term, command });
const S = ['s1', 's2', 's3', 's4', 's5'];

describe('log safety', () => {
  it('commits an entry once the leader of its term stored it on a majority, with everything before it', () => {
    const c = new LogSafety(S);
    expect(c.observeLog('s1', [e(1, 'a'), e(1, 'b')], 1)).toBeNull();
    expect(c.observeLeader('s1', 1)).toBeNull();
    c.observeLog('s2', [e(1, 'a'), e(1, 'b')], 1);
    expect(c.commitIndex).toBe(0);
    c.observeLog('s3', [e(1, 'a')], 1);
    expect(c.commitIndex).toBe(1);
    c.observeLog('s3', [e(1, 'a'), e(1, 'b')], 1);
    expect(c.commitIndex).toBe(2);
    expect(c.committedEntry(2)).toEqual(e(1, 'b'));
  });

  it('Figure 8: an entry of term 2 copied to a majority by the leader of term 4 is not committed, and may be overwritten', () => {
    const c = new LogSafety(S);
    // (a) S1 leads term 2 and stores (2, x) on S1 and S2 only.
    c.observeLog('s1', [e(1, 'a'), e(2, 'x')], 2);
    c.observeLeader('s1', 2);
    c.observeLog('s2', [e(1, 'a'), e(2, 'x')], 2);
    for (const s of ['s3', 's4', 's5']) c.observeLog(s, [e(1, 'a')], 1);
    // (b) S5 leads term 3 and stores (3, y) on itself only.
    c.observeNotLeader('s1');
    c.observeLog('s5', [e(1, 'a'), e(3, 'y')], 3);
    expect(c.observeLeader('s5', 3)).toBeNull();
    // (c) S1 leads term 4 and copies (2, x) to S3: on a majority, but stored in term 4.
    c.observeNotLeader('s5');
    c.observeLog('s1', [e(1, 'a'), e(2, 'x')], 4);
    c.observeLeader('s1', 4);
    c.observeLog('s3', [e(1, 'a'), e(2, 'x')], 4);
    expect(c.committedEntry(2)).toBeUndefined();
    // (d) S5 wins term 5 and overwrites index 2 everywhere: legal, nothing was committed there.
    c.observeNotLeader('s1');
    expect(c.observeLeader('s5', 5)).toBeNull();
    for (const s of ['s1', 's2', 's3', 's4']) expect(c.observeLog(s, [e(1, 'a'), e(3, 'y')], 5)).toBeNull();
  });

  it('Figure 8 (e): once the term-4 leader stores its own entry on a majority, both are committed and a leader without them breaks Leader Completeness', () => {
    const c = new LogSafety(S);
    c.observeLog('s1', [e(1, 'a'), e(2, 'x'), e(4, 'z')], 4);
    c.observeLeader('s1', 4);
    c.observeLog('s2', [e(1, 'a'), e(2, 'x'), e(4, 'z')], 4);
    expect(c.commitIndex).toBe(0);
    c.observeLog('s3', [e(1, 'a'), e(2, 'x'), e(4, 'z')], 4);
    expect(c.commitIndex).toBe(3);
    c.observeNotLeader('s1');
    c.observeLog('s5', [e(1, 'a'), e(3, 'y')], 5);
    const v = c.observeLeader('s5', 5);
    expect(v?.rule).toBe('leader-completeness');
    expect(v?.message).toMatch(/index 2/);
  });

  it('Leader Append-Only: a leader that truncates its own log is caught', () => {
    const c = new LogSafety(S);
    c.observeLog('s1', [e(1, 'a'), e(1, 'b')], 1);
    c.observeLeader('s1', 1);
    expect(c.observeLog('s1', [e(1, 'a')], 1)?.rule).toBe('leader-append-only');
  });

  it('Log Matching: two logs with the same entry term at an index but different history before it', () => {
    const c = new LogSafety(S);
    c.observeLog('s1', [e(1, 'a'), e(2, 'b')], 2);
    const v = c.observeLog('s2', [e(1, 'q'), e(2, 'b')], 2);
    expect(v?.rule).toBe('log-matching');
    expect(v?.nodes.sort()).toEqual(['s1', 's2']);
    // Different terms at the tip constrain nothing.
    const d = new LogSafety(S);
    d.observeLog('s1', [e(1, 'a'), e(2, 'b')], 2);
    expect(d.observeLog('s2', [e(1, 'a'), e(3, 'c')], 3)).toBeNull();
  });

  it('apply: in order, exactly once, only committed entries, the committed command', () => {
    const c = new LogSafety(['s1', 's2', 's3']);
    c.observeLog('s1', [e(1, 'a'), e(1, 'b')], 1);
    c.observeLeader('s1', 1);
    expect(c.observeApply('s1', 1, e(1, 'a'))?.rule).toBe('state-machine-safety'); // not committed yet
    c.observeLog('s2', [e(1, 'a'), e(1, 'b')], 1);
    expect(c.observeApply('s1', 2, e(1, 'b'))?.rule).toBe('apply-order'); // skips 1
    expect(c.observeApply('s1', 1, e(1, 'a'))).toBeNull();
    expect(c.observeApply('s1', 1, e(1, 'a'))?.rule).toBe('apply-order'); // twice
    expect(c.observeApply('s2', 1, e(1, 'WRONG'))?.rule).toBe('state-machine-safety');
    c.observeRestart('s1');
    expect(c.observeApply('s1', 1, e(1, 'a'))).toBeNull(); // a restarted service replays from the start
  });
});
