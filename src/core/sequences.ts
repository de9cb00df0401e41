import type { SequenceSource } from './store';

/**
 * Counter values handed out from blocks reserved in the store, one reservation per block, so a
 * token format that numbers its tokens costs no round trip per token. Numbers are unique across
 * processes and rise within one (as CAS numbers its tickets per JVM).
 */
export class SequenceBlocks {
  private readonly blocks = new Map<string, { next: number; end: number }>();
  private readonly refills = new Map<string, Promise<void>>();

  constructor(
    private readonly source: SequenceSource,
    private readonly blockSize = 100,
  ) {}

  async next(name: string): Promise<number> {
    for (;;) {
      const block = this.blocks.get(name);
      if (block && block.next <= block.end) return block.next++;
      await this.refill(name);
    }
  }

  private refill(name: string): Promise<void> {
    let pending = this.refills.get(name);
    if (!pending) {
      pending = this.source
        .reserveSequence(name, this.blockSize)
        .then((first) => {
          this.blocks.set(name, { next: first, end: first + this.blockSize - 1 });
        })
        .finally(() => this.refills.delete(name));
      this.refills.set(name, pending);
    }
    return pending;
  }
}
