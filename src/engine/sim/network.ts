// The simulated network's faults: delay, loss (requests and replies separately), duplication,
// partitions into groups and one-way link cuts. Reordering follows from independent delays.
import type { NodeId } from '../contract/raft';
import type { Prng } from './prng';
import type { DropReason } from './trace';

export interface NetworkConfig {
  /** One-way delay in ms: uniform in [minDelay, maxDelay], plus a rare long tail. */
  minDelay: number;
  maxDelay: number;
  /** Probability that a message takes `tailDelay` ms extra (reorders it behind later ones). */
  tailProbability: number;
  tailDelay: number;
  requestDropRate: number;
  replyDropRate: number;
  duplicateRate: number;
}

export const DEFAULT_NETWORK: NetworkConfig = {
  minDelay: 2,
  maxDelay: 12,
  tailProbability: 0,
  tailDelay: 40,
  requestDropRate: 0,
  replyDropRate: 0,
  duplicateRate: 0,
};

export class Network {
  config: NetworkConfig;
  private group = new Map<NodeId, number>();
  private cuts = new Set<string>();

  constructor(private readonly rng: Prng, config?: Partial<NetworkConfig>) {
    this.config = { ...DEFAULT_NETWORK, ...config };
  }

  configure(config: Partial<NetworkConfig>): void {
    this.config = { ...this.config, ...config };
  }

  partition(groups: NodeId[][]): void {
    this.group.clear();
    groups.forEach((members, index) => members.forEach((id) => this.group.set(id, index)));
  }

  cut(from: NodeId, to: NodeId): void {
    this.cuts.add(`${from}>${to}`);
  }

  heal(): void {
    this.group.clear();
    this.cuts.clear();
  }

  /** Why a message from `from` cannot reach `to` right now, if it cannot. */
  blocked(from: NodeId, to: NodeId): DropReason | null {
    if (this.cuts.size > 0 && this.cuts.has(`${from}>${to}`)) return 'link-cut';
    if (this.group.size > 0 && (this.group.get(from) ?? -1) !== (this.group.get(to) ?? -1)) return 'partition';
    return null;
  }

  /** Partition groups as drawn: nodes not named are alone in their own group. */
  groups(all: readonly NodeId[]): NodeId[][] {
    if (this.group.size === 0) return [all.slice()];
    const byGroup = new Map<number, NodeId[]>();
    for (const id of all) {
      const g = this.group.get(id) ?? -1 - all.indexOf(id);
      byGroup.set(g, [...(byGroup.get(g) ?? []), id]);
    }
    return [...byGroup.values()];
  }

  lost(isReply: boolean): boolean {
    return this.rng.chance(isReply ? this.config.replyDropRate : this.config.requestDropRate);
  }

  duplicated(): boolean {
    return this.rng.chance(this.config.duplicateRate);
  }

  delay(): number {
    const { minDelay, maxDelay, tailProbability, tailDelay } = this.config;
    const base = this.rng.int(minDelay, maxDelay);
    return this.rng.chance(tailProbability) ? base + tailDelay : base;
  }
}
