import { redisAnswers, REDIS_URL } from './helpers/redis';

/** Probes Redis once for every test file (workers inherit the environment set here). */
export default async function globalSetup(): Promise<void> {
  process.env.OAUTHD_REDIS_AVAILABLE = (await redisAnswers(REDIS_URL)) ? '1' : '0';
}
