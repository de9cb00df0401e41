import { DEFAULT_POLICY } from '../../src/core/policy';
import type { CoreEvents } from '../../src/core/events';
import type { Runtime } from '../../src/runtime';
import { startRuntime } from '../helpers/gateway';

/*
 * The engine's revocation of everything of a client or a user: more grants than one listing
 * read, an event per grant, and an end even when grants stay listed after their revocation.
 */

const MANY = 150;

describe('engine.revokeGrants', () => {
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await startRuntime();
  });
  afterAll(() => runtime.close());

  async function issueMany(clientId: string, count: number): Promise<string[]> {
    const client = runtime.engine.directory.client(clientId)!;
    const tokens: string[] = [];
    for (let i = 0; i < count; i++) {
      const result = await runtime.engine.issueGrant({ client, subject: { type: 'client', id: clientId }, scope: [], grantType: 'client_credentials' }, DEFAULT_POLICY, { withRefresh: false });
      tokens.push(result.accessToken.value);
    }
    return tokens;
  }

  it('revokes more grants than one listing read holds, reporting token_revoked for each', async () => {
    const tokens = await issueMany('other-app', MANY);
    const revoked: Array<CoreEvents['token_revoked']> = [];
    const off = runtime.engine.context.events.on('token_revoked', (event) => revoked.push(event));
    try {
      expect(await runtime.engine.revokeGrants({ clientId: 'other-app' })).toEqual({ grants: MANY, tokens: MANY });
    } finally {
      off();
    }
    expect(revoked).toHaveLength(MANY);
    expect(new Set(revoked.map((e) => e.grantId)).size).toBe(MANY);
    expect(revoked.every((e) => e.clientId === 'other-app' && e.what === 'grant')).toBe(true);
    for (const token of tokens) expect(await runtime.engine.introspect(token)).toEqual({ active: false });
    expect(await runtime.engine.countGrants({ clientId: 'other-app' })).toBe(0);
  });

  it('ends when revoked grants stay listed (a store that did not unlist them), revoking each once', async () => {
    await issueMany('other-app', MANY);
    const store = runtime.engine.context.store;
    const revokeGrant = jest.spyOn(store, 'revokeGrant').mockResolvedValue(0);
    try {
      expect(await runtime.engine.revokeGrants({ clientId: 'other-app' })).toEqual({ grants: MANY, tokens: 0 });
      expect(revokeGrant).toHaveBeenCalledTimes(MANY);
    } finally {
      revokeGrant.mockRestore();
    }
    expect(await runtime.engine.revokeGrants({ clientId: 'other-app' })).toEqual({ grants: MANY, tokens: MANY });
  });

  it('needs a user or a client: it never revokes everything', async () => {
    await expect(runtime.engine.revokeGrants({})).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(runtime.engine.countGrants({})).rejects.toMatchObject({ code: 'invalid_request' });
  });
});
