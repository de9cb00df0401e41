import { findChromium } from './helpers/find-chromium';
import { redisAnswers, REDIS_URL } from './helpers/redis';

/** Probes Redis and looks for Chromium once for every test file (workers inherit the environment set here). */
export default async function globalSetup(): Promise<void> {
  process.env.OAUTHD_REDIS_AVAILABLE = (await redisAnswers(REDIS_URL)) ? '1' : '0';
  const chromium = findChromium();
  process.env.OAUTHD_CHROMIUM_PATH = chromium.found ? chromium.path : '';
  process.env.OAUTHD_CHROMIUM_MISSING = chromium.found ? '' : chromium.reason;
}
