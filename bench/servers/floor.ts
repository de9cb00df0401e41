/**
 * Child process: the floor. The least a Redis-backed token endpoint can do with express 5:
 * parse the urlencoded form, one `SET key value EX ttl` (a random 32-byte base64url token as
 * the key, a ~100-byte JSON record), answer the token JSON; and one `GET` to introspect.
 * No client authentication, no hashing of the key, no validation beyond the grant type.
 */
import { randomBytes } from 'node:crypto';
import bodyParser from 'body-parser';
import express, { type Response } from 'express';
import Redis from 'ioredis';
import { childOptions, failStart, serveParent } from './child-protocol';
import { listenOnLoopback } from './listen';

export interface FloorOptions {
  redisUrl: string;
  keyPrefix: string;
  ttlSeconds: number;
}

async function main(): Promise<void> {
  const { redisUrl, keyPrefix, ttlSeconds } = childOptions<FloorOptions>();
  const redis = new Redis(redisUrl, { keyPrefix, enableAutoPipelining: true, maxRetriesPerRequest: 1, lazyConnect: true });
  await redis.connect();

  const app = express();
  const form = bodyParser.urlencoded({ extended: false, limit: '64kb' });
  const unavailable = (res: Response) => res.status(503).json({ error: 'temporarily_unavailable' });

  app.post('/token', form, async (req, res) => {
    if (req.body?.grant_type !== 'client_credentials') {
      res.status(400).json({ error: 'unsupported_grant_type' });
      return;
    }
    const token = randomBytes(32).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const record = JSON.stringify({ client_id: 'floor-client', sub: 'floor-client', scope: req.body.scope ?? 'read', iat: now, exp: now + ttlSeconds });
    try {
      await redis.set(token, record, 'EX', ttlSeconds);
    } catch {
      unavailable(res);
      return;
    }
    res.set('Cache-Control', 'no-store').json({ access_token: token, token_type: 'Bearer', expires_in: ttlSeconds });
  });

  app.post('/introspect', form, async (req, res) => {
    const token = req.body?.token;
    if (typeof token !== 'string' || token === '') {
      res.status(400).json({ error: 'invalid_request' });
      return;
    }
    let record: string | null;
    try {
      record = await redis.get(token);
    } catch {
      unavailable(res);
      return;
    }
    res.set('Cache-Control', 'no-store').json(record ? { active: true, ...(JSON.parse(record) as object) } : { active: false });
  });

  const { url, close } = await listenOnLoopback(app);
  serveParent(url, async () => {
    await close();
    redis.disconnect();
  });
}

main().catch(failStart);
