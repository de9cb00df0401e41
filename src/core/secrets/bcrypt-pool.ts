import path from 'node:path';
import os from 'node:os';
import { Piscina } from 'piscina';
import { BcryptAdmission, type AdmissionRules, type Lane } from './admission';

type Task = { op: 'compare'; plain: string; hash: string } | { op: 'hash'; plain: string; cost: number };

export const BCRYPT_PATTERN = /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/;

/** A suspect check is never queued by default: it runs on a free worker (never the last) or is refused. */
export const DEFAULT_ADMISSION: AdmissionRules = { maxWaitMs: 1000, suspectMaxWaitMs: 0, maxQueue: 1000 };

/** bcrypt on worker threads, one per core by default; checks go through admission control. */
export class BcryptPool {
  private readonly pool: Piscina;
  readonly admission: BcryptAdmission;

  constructor(threads = Math.max(1, os.availableParallelism()), rules: AdmissionRules = DEFAULT_ADMISSION) {
    this.admission = new BcryptAdmission(threads, rules);
    this.pool = new Piscina({
      filename: path.join(__dirname, 'bcrypt-worker.js'),
      minThreads: 1,
      maxThreads: threads,
      idleTimeout: 60_000,
    });
  }

  /** Checks a secret; refused with `overloaded` when it would wait longer than the admission bound. */
  compare(plain: string, hash: string, lane: Lane = 'normal'): Promise<boolean> {
    if (!BCRYPT_PATTERN.test(hash)) return Promise.resolve(false);
    return this.admission.run(lane, () => this.pool.run({ op: 'compare', plain, hash } satisfies Task) as Promise<boolean>);
  }

  hash(plain: string, cost = 10): Promise<string> {
    return this.pool.run({ op: 'hash', plain, cost } satisfies Task) as Promise<string>;
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
