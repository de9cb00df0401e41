import request from 'supertest';
import type { RawConfig } from '../../src/config/types';
import { isCoreError } from '../../src/core/errors';
import { DEFAULT_POLICY } from '../../src/core/policy';
import type { Runtime } from '../../src/runtime';
import { listen, type RunningServer } from '../../src/server';
import { silentLogger, startRuntime } from '../helpers/gateway';
import { describeWithRedis, dropPrefix, REDIS_URL, uniquePrefix } from '../helpers/redis';
import { ROTATING_DIALECTS, type RotatingDialect, type TokenPair } from './rotating-dialects';

/*
 * Refresh token reuse over HTTP, in every dialect that rotates refresh tokens, on the memory
 * store and on Redis shared by two gateways: of many concurrent refreshes of one refresh token
 * exactly one wins, the losers' reuse kills the whole family (the winner's new tokens included),
 * and the grant's tombstone keeps a later replay of the spent token a reuse.
 */

const ROUNDS = 20;
const CONCURRENT = 50;
const SUITE_TIMEOUT_MS = 60_000;

/** Runtimes on one store with one server secret (what that many gateway processes would be), each on a real socket. */
interface Gateways {
  runtimes: Runtime[];
  servers: RunningServer[];
}

async function startGateways(config: RawConfig, count: number): Promise<Gateways> {
  const runtimes: Runtime[] = [];
  // One after the other: the first creates the store's shared signing key, the next adopts it.
  for (let i = 0; i < count; i++) runtimes.push(await startRuntime({ config }));
  const servers = await Promise.all(runtimes.map((runtime) => listen(runtime, 0, '127.0.0.1', silentLogger)));
  return { runtimes, servers };
}

async function stopGateways(gateways: Gateways | undefined): Promise<void> {
  if (gateways) await Promise.all(gateways.servers.map((server) => server.shutdown()));
}

/** What an answer is, in the dialect's terms; anything unexpected (a 5xx, another error) is shown in full. */
function verdict(dialect: RotatingDialect, res: request.Response, presented: string): string {
  if (dialect.tokensOf(res)) return 'new tokens';
  if (dialect.isRefusal(res, presented)) return 'refused';
  return `unexpected: HTTP ${res.status} ${res.text.slice(0, 300)}`;
}

/** The named tokens some runtime's engine still finds active. */
async function liveTokens(gateways: Gateways, tokens: Record<string, string>): Promise<string[]> {
  const live: string[] = [];
  for (const [index, runtime] of gateways.runtimes.entries()) {
    for (const [name, token] of Object.entries(tokens)) {
      if ((await runtime.engine.introspect(token)).active) live.push(`${name} (runtime ${index})`);
    }
  }
  return live;
}

/** RFC 7662 introspection at `/std/introspect`, which takes any dialect's token. */
async function introspectOverHttp(dialect: RotatingDialect, base: string, token: string): Promise<{ status: number; active: unknown }> {
  const res = await request(base).post('/std/introspect').type('form').send({ ...dialect.client, token });
  return { status: res.status, active: res.body?.active };
}

/** The reason the engine gives for refusing a refresh token (bypassing the wire, which hides it). */
async function refusalReason(runtime: Runtime, dialect: RotatingDialect, refreshToken: string): Promise<string> {
  const client = runtime.engine.directory.client(dialect.client.client_id)!;
  return runtime.engine.token({ grantType: 'refresh_token', client, refreshToken }, DEFAULT_POLICY).then(
    () => 'refreshed',
    (error: unknown) => (isCoreError(error) ? `${error.code}: ${error.reason}` : String(error)),
  );
}

/**
 * One round: a login, CONCURRENT refreshes of its refresh token at once, then the family
 * checked dead (tokens the winner just got included) and a later replay still refused.
 * Every assertion names the round, so a failure says where.
 */
async function playRound(dialect: RotatingDialect, gateways: Gateways, round: string): Promise<void> {
  const url = (i: number) => gateways.servers[i % gateways.servers.length].url;
  const login = await dialect.login(url(0));
  expect({ round, login: verdict(dialect, login, '(none)') }).toEqual({ round, login: 'new tokens' });
  const original = dialect.tokensOf(login)!;
  // The introspection endpoint does see this dialect's live tokens.
  expect({ round, before: await introspectOverHttp(dialect, url(1), original.accessToken) }).toEqual({ round, before: { status: 200, active: true } });

  const answers = await Promise.all(Array.from({ length: CONCURRENT }, (_, i) => dialect.refresh(url(i), original.refreshToken)));
  const verdicts = answers.map((res) => verdict(dialect, res, original.refreshToken));
  const unexpected = verdicts.filter((v) => v !== 'new tokens' && v !== 'refused');
  const count = (wanted: string) => verdicts.filter((v) => v === wanted).length;
  expect({ round, winners: count('new tokens'), refused: count('refused'), unexpected }).toEqual({ round, winners: 1, refused: CONCURRENT - 1, unexpected: [] });
  const winner: TokenPair = dialect.tokensOf(answers[verdicts.indexOf('new tokens')])!;
  expect({ round, rotated: winner.refreshToken !== original.refreshToken }).toEqual({ round, rotated: true });

  const family = {
    'original access token': original.accessToken,
    'original refresh token': original.refreshToken,
    "winner's access token": winner.accessToken,
    "winner's refresh token": winner.refreshToken,
  };
  // Checked before any further request: the 49 reuses alone must have killed the family.
  expect({ round, live: await liveTokens(gateways, family) }).toEqual({ round, live: [] });
  const seen = await Promise.all([winner.accessToken, original.accessToken].map((token, i) => introspectOverHttp(dialect, url(i + 1), token)));
  expect({ round, seen }).toEqual({ round, seen: [{ status: 200, active: false }, { status: 200, active: false }] });

  const winnersRefresh = await dialect.refresh(url(1), winner.refreshToken);
  expect({ round, "winner's refresh token": verdict(dialect, winnersRefresh, winner.refreshToken) }).toEqual({ round, "winner's refresh token": 'refused' });
  const replay = await dialect.refresh(url(0), original.refreshToken);
  expect({ round, replay: verdict(dialect, replay, original.refreshToken) }).toEqual({ round, replay: 'refused' });
  // No dialect's answer names the cause; the engine's does: the spent token is still known as spent.
  expect({ round, reason: await refusalReason(gateways.runtimes[gateways.runtimes.length - 1], dialect, original.refreshToken) }).toEqual({
    round,
    reason: 'invalid_grant: refresh_reused',
  });
  expect({ round, 'live after the replays': await liveTokens(gateways, family) }).toEqual({ round, 'live after the replays': [] });
}

function rounds(dialect: RotatingDialect, store: string, gateways: () => Gateways): void {
  it(
    `${ROUNDS} rounds: of ${CONCURRENT} concurrent refreshes of one refresh token exactly one wins, then no token of the family is live and a replay is still reuse`,
    async () => {
      for (let round = 1; round <= ROUNDS; round++) await playRound(dialect, gateways(), `${dialect.name}, ${store}, round ${round}`);
    },
    SUITE_TIMEOUT_MS,
  );
}

describe('refresh token reuse in every rotating dialect, memory store', () => {
  for (const dialect of ROTATING_DIALECTS) {
    describe(dialect.name, () => {
      let gateways: Gateways | undefined;
      beforeAll(async () => {
        gateways = await startGateways(dialect.config('memory'), 1);
      });
      afterAll(() => stopGateways(gateways));
      rounds(dialect, 'memory', () => gateways!);
    });
  }
});

describeWithRedis("refresh token reuse in every rotating dialect, real Redis, two gateway processes' worth", () => {
  for (const dialect of ROTATING_DIALECTS) {
    describe(dialect.name, () => {
      const prefix = uniquePrefix(`reuse-${dialect.id}`);
      let gateways: Gateways | undefined;
      beforeAll(async () => {
        gateways = await startGateways(dialect.config({ url: REDIS_URL, key_prefix: prefix }), 2);
      });
      afterAll(async () => {
        await stopGateways(gateways);
        await dropPrefix(prefix);
      });
      rounds(dialect, 'redis', () => gateways!);
    });
  }
});
