// The section and figure outlines of the sources the course cites with "§N.N", "figure N" or "ch. N".
// tests/site/citations.test.ts checks every such citation against these lists, so a section number
// that does not exist in the cited source (a typo, a number remembered from another paper) fails the
// build. Written out by hand from the papers' own tables of contents; add a source here before citing
// its sections.

export interface SourceOutline {
  /** How the failure message names the source. */
  name: string;
  /** Names of this source: the one starting last before a citation, in its sentence, is the cited source
   *  (or the one right after it in "§N of the …"). A match may run into the citation ("Raft §5.2"). */
  keywords: RegExp;
  /** Every numbered section and subsection, as written after "§". */
  sections: string[];
  /** Figure numbers, as written after "figure" (empty when the source has none or is never cited by figure). */
  figures: string[];
  /** Number of chapters, for "ch. N" citations; 0 when the source has no chapters. */
  chapters: number;
}

const range = (from: number, to: number, prefix = '') =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);

/** Ongaro & Ousterhout, In Search of an Understandable Consensus Algorithm (Extended Version), 2014. */
const raftPaper: SourceOutline = {
  name: 'the Raft paper (Ongaro & Ousterhout 2014, extended version)',
  // "Raft" alone is not enough ("dissertation, ch. 3 basic Raft, §6.4" cites the dissertation): only
  // "Raft §…", "Raft figure …", "Raft paper" and the paper's own names switch back to it.
  keywords: /\b(?:raft(?:'s)?\s+(?:paper|§|figure|fig\.)|the paper|paper's|ongaro (?:&|and) ousterhout|in search of an understandable)/i,
  sections: [
    '1', // Introduction
    '2', // Replicated state machines
    '3', // What's wrong with Paxos?
    '4', // Designing for understandability
    '5', // The Raft consensus algorithm
    '5.1', // Raft basics
    '5.2', // Leader election
    '5.3', // Log replication
    '5.4', // Safety
    '5.4.1', // Election restriction
    '5.4.2', // Committing entries from previous terms
    '5.4.3', // Safety argument
    '5.5', // Follower and candidate crashes
    '5.6', // Timing and availability
    '6', // Cluster membership changes
    '7', // Log compaction
    '8', // Client interaction
    '9', // Implementation and evaluation
    '9.1', // Understandability
    '9.2', // Correctness
    '9.3', // Performance
    '10', // Related work
    '11', // Conclusion
  ],
  // 1 replicated state machine, 2 the condensed summary, 3 the properties, 4 server states, 5 terms,
  // 6-8 logs, 9 the safety argument, 10-11 membership changes, 12-13 snapshots, 14-15 the user study,
  // 16 time to elect a new leader.
  figures: range(1, 16),
  chapters: 0,
};

/** Ongaro, Consensus: Bridging Theory and Practice (PhD dissertation, Stanford, 2014). */
const dissertation: SourceOutline = {
  name: "Ongaro's dissertation (Consensus: Bridging Theory and Practice, 2014)",
  keywords: /\b(dissertation|thesis|bridging theory and practice|ongaro, consensus)\b/i,
  sections: [
    '1',
    '2', '2.1', '2.2', '2.3',
    '3', '3.1', '3.2', '3.3', '3.4', '3.5', '3.6', '3.6.1', '3.6.2', '3.6.3', '3.7', '3.8', '3.9', '3.10', '3.11',
    '4', '4.1', '4.2', '4.2.1', '4.2.2', '4.2.3', '4.2.4', '4.3', '4.4', '4.5',
    '5', '5.1', '5.1.1', '5.1.2', '5.1.3', '5.2', '5.3', '5.3.1', '5.3.2', '5.3.3', '5.4', '5.4.1', '5.4.2', '5.5',
    '6', '6.1', '6.2', '6.3', '6.4', '6.4.1', '6.5',
    '7', '7.1', '7.2', '7.2.1', '7.2.2', '7.2.3', '7.2.4', '7.2.5', '7.2.6',
    '7.3', '7.3.1', '7.3.2', '7.3.3', '7.3.4', '7.3.5', '7.4', '7.4.1', '7.4.2', '7.5', '7.6',
    '8', '8.1', '8.2', '8.3', '8.4',
    '9', '9.1', '9.2', '9.3', '9.4', '9.5', '9.6', '9.7',
    '10', '10.1', '10.1.1', '10.2', '10.2.1', '10.2.2', '10.3', '10.4',
    '11', '11.1', '11.1.1', '11.1.2', '11.2', '11.2.1', '11.2.2', '11.3', '11.4', '11.4.1', '11.4.2', '11.4.3',
    '11.5', '11.6', '11.7', '11.7.1', '11.7.2', '11.7.3', '11.8', '11.9',
    '12', '12.1', '12.1.1', '12.1.2', '12.1.3', '12.2',
  ],
  figures: [], // numbered per chapter (figure 3.1 ...); not cited by the course
  chapters: 12,
};

/** Lamport, Paxos Made Simple (2001). */
const paxosMadeSimple: SourceOutline = {
  name: 'Paxos Made Simple (Lamport 2001)',
  keywords: /\bpaxos made simple\b/i,
  sections: ['1', '2', '2.1', '2.2', '2.3', '2.4', '2.5', '3'],
  figures: [],
  chapters: 0,
};

/** Hunt, Konar, Junqueira, Reed, ZooKeeper: Wait-free coordination for Internet-scale systems (USENIX ATC 2010). */
const zookeeperPaper: SourceOutline = {
  name: 'the ZooKeeper paper (Hunt et al. 2010)',
  keywords: /\b(zookeeper paper|hunt et al|wait-free coordination)\b/i,
  sections: ['1', '2', '2.1', '2.2', '2.3', '2.4', '3', '4', '4.1', '4.2', '4.3', '4.4', '5', '5.1', '5.2', '5.3', '6', '7'],
  figures: range(1, 8),
  chapters: 0,
};

/** Corbett et al., Spanner: Google's Globally-Distributed Database (OSDI 2012). */
const spanner: SourceOutline = {
  name: 'the Spanner paper (Corbett et al. 2012)',
  keywords: /\bspanner\b/i,
  sections: [
    '1',
    '2', '2.1', '2.2', '2.3',
    '3',
    '4', '4.1', '4.1.1', '4.1.2', '4.1.3', '4.1.4', '4.2', '4.2.1', '4.2.2', '4.2.3', '4.2.4',
    '5', '5.1', '5.2', '5.3', '5.4',
    '6', '7', '8',
  ],
  figures: range(1, 6),
  chapters: 0,
};

/** Kleppmann, Designing Data-Intensive Applications (2017): cited by chapter only. */
const ddia: SourceOutline = {
  name: 'Designing Data-Intensive Applications (Kleppmann 2017)',
  keywords: /\b(ddia|designing data-intensive applications|kleppmann)\b/i,
  sections: [],
  figures: [],
  chapters: 12,
};

/** Every source, most specific first: when two names end at the same place the first one wins. */
export const SOURCES: SourceOutline[] = [dissertation, paxosMadeSimple, zookeeperPaper, spanner, ddia, raftPaper];

/** A citation that names no source is a citation of the Raft paper. */
export const DEFAULT_SOURCE = raftPaper;
