import path from 'node:path';
import os from 'node:os';
import { Piscina } from 'piscina';

type Task = { op: 'compare'; plain: string; hash: string } | { op: 'hash'; plain: string; cost: number };

export const BCRYPT_PATTERN = /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/;

/** bcrypt on worker threads, one per core by default. */
export class BcryptPool {
  private readonly pool: Piscina;

  constructor(threads = Math.max(1, os.availableParallelism())) {
    this.pool = new Piscina({
      filename: path.join(__dirname, 'bcrypt-worker.js'),
      minThreads: 1,
      maxThreads: threads,
      idleTimeout: 60_000,
    });
  }

  compare(plain: string, hash: string): Promise<boolean> {
    if (!BCRYPT_PATTERN.test(hash)) return Promise.resolve(false);
    return this.pool.run({ op: 'compare', plain, hash } satisfies Task) as Promise<boolean>;
  }

  hash(plain: string, cost = 10): Promise<string> {
    return this.pool.run({ op: 'hash', plain, cost } satisfies Task) as Promise<string>;
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
