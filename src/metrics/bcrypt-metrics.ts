import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { BcryptAdmission, Lane } from '../core/secrets/admission';

const LANES: Lane[] = ['normal', 'suspect'];

/** The bcrypt pool's admission control: queue depth and running checks at each scrape, waits and refusals as they happen. */
export function watchBcrypt(registry: Registry, admission: BcryptAdmission): void {
  new Gauge({
    name: 'oauthd_bcrypt_queue_depth',
    help: 'Password and secret checks waiting for a bcrypt worker, by lane (suspect: sources with recent failures).',
    labelNames: ['lane'],
    registers: [registry],
    collect() {
      for (const lane of LANES) this.set({ lane }, admission.queuedIn(lane));
    },
  });
  new Gauge({
    name: 'oauthd_bcrypt_active',
    help: 'Password and secret checks running on a bcrypt worker.',
    registers: [registry],
    collect() {
      this.set(admission.active);
    },
  });
  const wait = new Histogram({
    name: 'oauthd_bcrypt_wait_seconds',
    help: 'How long a check waited for a bcrypt worker, by lane.',
    labelNames: ['lane'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const refused = new Counter({
    name: 'oauthd_bcrypt_refused_total',
    help: 'Checks refused by admission control instead of queued (the dialect answered its 503), by lane.',
    labelNames: ['lane'],
    registers: [registry],
  });
  admission.observe({
    admitted: (lane, waitedMs) => wait.observe({ lane }, waitedMs / 1000),
    refused: (lane) => refused.inc({ lane }),
  });
}
