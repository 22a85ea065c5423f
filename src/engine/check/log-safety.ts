// Raft's log safety properties (Figure 3 of the paper), checked from ground truth as a run goes:
// Leader Append-Only, Log Matching, Leader Completeness and State Machine Safety, plus the
// service-facing rule that each node applies committed entries in order, exactly once.
//
// It knows nothing of the simulator: the host reports each node's log whenever it may have changed
// (after every turn of learner code), each new leader, and each entry a node hands to its service.
// Commitment is decided here, not taken from the nodes: an entry of term T is committed once a majority
// of servers stored it while they were in term T, that is, once the leader of T replicated it to a
// majority (§5.3); entries before it are committed with it. An old-term entry copied to a majority by a
// later leader is not committed by that (§5.4.2, Figure 8).

export interface Entry {
  term: number;
  /** The command, as a canonical string (the host serializes it once). */
  command: string;
}

export interface LogViolation {
  rule: 'leader-append-only' | 'log-matching' | 'leader-completeness' | 'state-machine-safety' | 'apply-order';
  message: string;
  nodes: string[];
}

const show = (e: Entry | undefined) => (e ? `(term ${e.term}, ${e.command})` : 'nothing');

export class LogSafety {
  private readonly logs = new Map<string, readonly Entry[]>();
  /** For each node and index: the node's currentTerm when the entry now there was stored. */
  private readonly storedIn = new Map<string, number[]>();
  private readonly leaders = new Map<string, number>(); // node -> term it leads (absent: not leading)
  /** Committed entries by index (1-based, slot 0 unused); only ever grows. */
  private readonly committed: Entry[] = [];
  /** What each node has applied so far: its last applied index. */
  private readonly lastApplied = new Map<string, number>();
  /** The first node to apply each index, and what it applied there. */
  private readonly appliedAt = new Map<number, { node: string; entry: Entry }>();

  constructor(private readonly servers: readonly string[]) {}

  get commitIndex(): number {
    return Math.max(0, this.committed.length - 1);
  }

  committedEntry(index: number): Entry | undefined {
    return this.committed[index];
  }

  /** A node's log after one of its turns (the stored log: what survives a crash), with its currentTerm. */
  observeLog(node: string, log: readonly Entry[], currentTerm: number): LogViolation | null {
    const before = this.logs.get(node) ?? [];
    const term = this.leaders.get(node);
    if (term !== undefined) {
      // Leader Append-Only: a leader never overwrites or deletes entries in its log.
      for (let i = 0; i < before.length; i++) {
        const now = log[i];
        if (!now || now.term !== before[i]!.term || now.command !== before[i]!.command) {
          return {
            rule: 'leader-append-only',
            message: `${node}, leader of term ${term}, changed its log at index ${i + 1}: it held ${show(before[i])} and now holds ${show(now)}. A leader only appends to its log; it never overwrites or deletes entries`,
            nodes: [node],
          };
        }
      }
    }
    const stored = (this.storedIn.get(node) ?? []).slice(0, log.length);
    for (let i = 0; i < log.length; i++) {
      const was = before[i];
      if (!was || was.term !== log[i]!.term || was.command !== log[i]!.command) stored[i] = currentTerm;
    }
    this.storedIn.set(node, stored);
    this.logs.set(node, log.slice());
    const matching = this.checkMatching(node, log);
    if (matching) return matching;
    this.advanceCommit(node);
    return null;
  }

  /** A node became leader of `term` (its log must already hold every committed entry). */
  observeLeader(node: string, term: number): LogViolation | null {
    this.leaders.set(node, term);
    const log = this.logs.get(node) ?? [];
    for (let i = 1; i < this.committed.length; i++) {
      const have = log[i - 1];
      const want = this.committed[i]!;
      if (!have || have.term !== want.term || have.command !== want.command) {
        return {
          rule: 'leader-completeness',
          message: `${node} became leader of term ${term} without the committed entry ${show(want)} at index ${i} (it holds ${show(have)} there). A leader's log holds every committed entry: the election restriction (§5.4.1) must have refused it votes`,
          nodes: [node],
        };
      }
    }
    return null;
  }

  /** A node stopped leading (stepped down, crashed). */
  observeNotLeader(node: string): void {
    this.leaders.delete(node);
  }

  /** A node handed entry `index` to its service. */
  observeApply(node: string, index: number, entry: Entry): LogViolation | null {
    const last = this.lastApplied.get(node) ?? 0;
    if (index !== last + 1) {
      return {
        rule: 'apply-order',
        message: index <= last
          ? `${node} applied index ${index} again (it had applied up to ${last}): each entry is applied exactly once`
          : `${node} applied index ${index} after index ${last}, skipping ${last + 1}: entries are applied in log order, with no gaps`,
        nodes: [node],
      };
    }
    const committed = this.committed[index];
    if (!committed) {
      return {
        rule: 'state-machine-safety',
        message: `${node} applied ${show(entry)} at index ${index} before it was committed (the commit index is ${this.commitIndex}): only committed entries may be applied`,
        nodes: [node],
      };
    }
    if (committed.term !== entry.term || committed.command !== entry.command) {
      const first = this.appliedAt.get(index);
      return {
        rule: 'state-machine-safety',
        message: `${node} applied ${show(entry)} at index ${index}, but the entry committed there is ${show(committed)}${first ? ` (which ${first.node} applied)` : ''}: no two servers apply different commands at the same index`,
        nodes: first ? [node, first.node] : [node],
      };
    }
    this.lastApplied.set(node, index);
    if (!this.appliedAt.has(index)) this.appliedAt.set(index, { node, entry });
    return null;
  }

  /** A node restarted: its service starts from scratch (no snapshots yet), so it applies from index 1 again. */
  observeRestart(node: string): void {
    this.lastApplied.delete(node);
    this.leaders.delete(node);
  }

  /** Log Matching: if two logs hold an entry with the same index and term, they are identical up to it. */
  private checkMatching(node: string, log: readonly Entry[]): LogViolation | null {
    for (const [other, theirs] of this.logs) {
      if (other === node) continue;
      // The highest index where both hold the same term; everything up to it must be equal.
      for (let i = Math.min(log.length, theirs.length); i >= 1; i--) {
        if (log[i - 1]!.term !== theirs[i - 1]!.term) continue;
        for (let j = i; j >= 1; j--) {
          const a = log[j - 1]!;
          const b = theirs[j - 1]!;
          if (a.term !== b.term || a.command !== b.command) {
            return {
              rule: 'log-matching',
              message: `${node} and ${other} both hold an entry of term ${log[i - 1]!.term} at index ${i}, but differ at index ${j}: ${node} holds ${show(a)}, ${other} holds ${show(b)}. Logs that agree on an entry's index and term agree on everything before it: the consistency check (prevLogIndex, prevLogTerm) must refuse what does not match`,
              nodes: [node, other],
            };
          }
        }
        break;
      }
    }
    return null;
  }

  /** Whether `node` holds `entry` at `index` and stored it while in the entry's own term. */
  private storedInOwnTerm(node: string, index: number, entry: Entry): boolean {
    const e = this.logs.get(node)?.[index - 1];
    return !!e && e.term === entry.term && e.command === entry.command && this.storedIn.get(node)?.[index - 1] === entry.term;
  }

  /** Only `node`'s log changed, so only its entries can have just reached a majority. */
  private advanceCommit(node: string): void {
    const log = this.logs.get(node)!;
    const need = Math.floor(this.servers.length / 2) + 1;
    for (let i = log.length; i > this.commitIndex; i--) {
      const entry = log[i - 1]!;
      if (!this.storedInOwnTerm(node, i, entry)) continue;
      let holders = 0;
      for (const other of this.logs.keys()) if (this.storedInOwnTerm(other, i, entry)) holders++;
      if (holders < need) continue;
      for (let j = Math.max(1, this.committed.length); j <= i; j++) this.committed[j] = log[j - 1]!;
      return;
    }
  }
}
