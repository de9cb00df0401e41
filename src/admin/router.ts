import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import type { Revocation } from '../core/admin';
import type { TokenEngine } from '../core/engine';
import type { GrantFilter } from '../core/model';
import type { SessionStore } from '../core/signin/sessions';
import { AdminAuth, describePrincipal, type AdminPrincipal } from './auth';
import { AdminError, adminErrorHandler, notFound, sendJson } from './errors';
import { methodNotAllowed } from '../http/wire';
import { grantIdOf, nameOf, pageOf, queryOf } from './params';
import type { AdminSettings } from './settings';
import { grantView, revocationView } from './views';

type Handlers = Partial<Record<'get' | 'delete', (req: Request, res: Response) => Promise<void>>>;

const principalOf = (res: Response) => res.locals.admin as AdminPrincipal;

/**
 * The admin API: grants of a user or a client (listed, revoked), one grant, and live counts.
 * Every request is authenticated first, so nothing about the API answers a stranger.
 */
export function adminRouter(engine: TokenEngine, settings: AdminSettings, logger: Logger, sessions?: SessionStore): Router {
  const auth = new AdminAuth(engine, settings);
  const router = express.Router();
  const route = (path: string, handlers: Handlers) => {
    const methods = Object.keys(handlers).map((m) => m.toUpperCase());
    const chain = router.route(path);
    for (const [method, handler] of Object.entries(handlers)) chain[method as 'get' | 'delete'](handler);
    chain.all(methodNotAllowed(methods));
  };
  const audit = (res: Response, target: Record<string, string>, revocation: Revocation) =>
    logger.info({ admin: describePrincipal(principalOf(res)), ...target, grants: revocation.grants, tokens: revocation.tokens }, 'admin revocation');

  router.use((async (req, res, next) => {
    res.locals.admin = await auth.authenticate(req.headers.authorization);
    next();
  }) as RequestHandler);

  const list = async (req: Request, res: Response, filter: GrantFilter) => {
    const query = queryOf(req, ['page', 'limit', ...(filter.username !== undefined ? ['client_id'] : [])]);
    const page = pageOf(query);
    const narrowed = query.client_id !== undefined ? { ...filter, clientId: nameOf(query.client_id, 'client_id') } : filter;
    const { total, grants } = await engine.listGrants(narrowed, page);
    sendJson(res, 200, { total, page: page.page, limit: page.limit, grants: grants.map(grantView) });
  };
  const revokeAll = async (req: Request, res: Response, filter: GrantFilter, target: Record<string, string>) => {
    queryOf(req, []);
    // A user's browser sign-ins end with their grants: a session would hand out new codes at once.
    const user = filter.username !== undefined ? engine.directory.userByUsername(filter.username) : undefined;
    if (user && sessions) await sessions.endAllOf(user.uid);
    const revocation = await engine.revokeGrants(filter);
    audit(res, target, revocation);
    sendJson(res, 200, revocationView(revocation));
  };

  route('/counts', {
    get: async (req, res) => {
      const query = queryOf(req, ['username', 'client_id']);
      if (query.username === undefined && query.client_id === undefined) {
        const { total, byClient } = await engine.countGrantsByClient();
        return sendJson(res, 200, { live_grants: total, by_client: byClient });
      }
      const filter: GrantFilter = {};
      if (query.username !== undefined) filter.username = nameOf(query.username, 'username');
      if (query.client_id !== undefined) filter.clientId = nameOf(query.client_id, 'client_id');
      sendJson(res, 200, { live_grants: await engine.countGrants(filter) });
    },
  });
  route('/users/:username/grants', {
    get: (req, res) => list(req, res, { username: nameOf(req.params.username, 'username') }),
    delete: (req, res) => {
      const username = nameOf(req.params.username, 'username');
      return revokeAll(req, res, { username }, { username });
    },
  });
  route('/clients/:client_id/grants', {
    get: (req, res) => list(req, res, { clientId: nameOf(req.params.client_id, 'client_id') }),
    delete: (req, res) => {
      const clientId = nameOf(req.params.client_id, 'client_id');
      return revokeAll(req, res, { clientId }, { client_id: clientId });
    },
  });
  route('/grants/:grant_id', {
    get: async (req, res) => {
      queryOf(req, []);
      const grant = await engine.grant(grantIdOf(req.params.grant_id));
      if (!grant) throw notFound('no live grant has this id');
      sendJson(res, 200, grantView(grant));
    },
    delete: async (req, res) => {
      queryOf(req, []);
      const grantId = grantIdOf(req.params.grant_id);
      const revocation = await engine.revokeGrant(grantId);
      if (!revocation) throw notFound('no grant has this id');
      audit(res, { grant_id: grantId }, revocation);
      sendJson(res, 200, revocationView(revocation));
    },
  });

  router.use(() => {
    throw new AdminError(404, 'not_found', 'no such admin endpoint');
  });
  router.use(adminErrorHandler(logger));
  return router;
}
