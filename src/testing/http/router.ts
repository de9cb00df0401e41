import express, { type ErrorRequestHandler, type Request, type Router } from 'express';
import type { Logger } from 'pino';
import { methodNotAllowed, sendJson } from '../../http/wire';
import type { TestControls } from '../test-controls';
import { advanceBody, badInput, claimsBody, faultBody, setBody, storeDownBody, TestModeError } from './wire';

type Method = 'get' | 'post' | 'delete';
type Handler = (req: Request) => unknown;

/** The most a test-control body holds (a fault's own answer body included). */
const BODY_LIMIT = '256kb';
/** The dates a JavaScript Date holds. */
const MAX_EPOCH_MS = 8.64e15;

/** A control's own refusal of a value (an unknown dialect, route or failure name, a bad claim) is bad input. */
function attempt<T>(control: () => T): T {
  try {
    return control();
  } catch (error) {
    throw badInput((error as Error).message);
  }
}

/**
 * The test controls over HTTP, JSON in and out: the clock, scripted faults and claims, the
 * request log, and a reset. Mounted only under `test_mode`.
 */
export function testModeRouter(controls: TestControls, logger: Logger): Router {
  const { clock, faults, claims } = controls;
  const router = express.Router({ caseSensitive: true, strict: false });
  // Read as JSON whatever the Content-Type: `curl -d '{…}'` sends a form type.
  router.use(express.json({ limit: BODY_LIMIT, type: () => true }));

  const route = (path: string, handlers: Partial<Record<Method, Handler>>) => {
    const methods = Object.keys(handlers).map((m) => m.toUpperCase());
    const chain = router.route(path);
    for (const [method, handler] of Object.entries(handlers)) {
      chain[method as Method](async (req, res) => sendJson(res, 200, await handler(req)));
    }
    chain.all(methodNotAllowed(methods));
  };
  const clockView = () => ({ now: clock.now(), epoch_ms: clock.nowMs(), date: clock.date().toISOString() });
  const done = { status: 'ok' };

  route('/clock', { get: clockView });
  route('/clock/advance', {
    post: (req) => {
      const seconds = advanceBody(req.body);
      if (Math.abs(clock.nowMs() + seconds * 1000) > MAX_EPOCH_MS) throw badInput('/seconds: moves the clock past the dates it can show');
      clock.advance(seconds);
      return clockView();
    },
  });
  route('/clock/set', {
    post: (req) => {
      clock.set(setBody(req.body));
      return clockView();
    },
  });
  route('/faults', {
    post: (req) => {
      const { match, fault, options } = faultBody(req.body);
      attempt(() => faults.next(match, fault, options));
      return { pending: faults.pending() };
    },
    delete: () => {
      faults.clear();
      return { pending: faults.pending() };
    },
  });
  route('/faults/store-down', {
    post: (req) => {
      const ms = storeDownBody(req.body);
      faults.storeDown(ms);
      return { store_down_ms: ms };
    },
  });
  route('/claims', {
    post: (req) => {
      const { match, claims: given } = claimsBody(req.body);
      attempt(() => claims.next(match, given));
      return done;
    },
    delete: () => {
      claims.clear();
      return done;
    },
  });
  route('/requests', {
    get: () => ({ requests: controls.requests() }),
    delete: () => {
      controls.log.clear();
      return done;
    },
  });
  route('/reset', {
    post: async () => {
      // It refuses only a store it cannot empty (Redis).
      await controls.reset().catch((error: unknown) => {
        throw new TestModeError(409, 'unsupported', (error as Error).message);
      });
      return done;
    },
  });

  router.use(() => {
    throw new TestModeError(404, 'not_found', 'no such test control; see the test mode document under /docs');
  });
  router.use(errorHandler(logger));
  return router;
}

/** What a failure answers: its own refusal, a body the parser refused, else a 500 without detail. */
function refusalOf(error: unknown, logger: Logger): TestModeError {
  if (error instanceof TestModeError) return error;
  const { status, type } = (error ?? {}) as { status?: unknown; type?: unknown };
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (type === 'entity.parse.failed') return badInput('the body is not valid JSON');
    if (type === 'entity.too.large') return new TestModeError(413, 'invalid_request', `the body is larger than ${BODY_LIMIT}`);
    return new TestModeError(status, 'invalid_request', 'the request could not be read');
  }
  logger.error({ err: error }, 'test controls: unexpected failure');
  return new TestModeError(500, 'server_error', 'internal error');
}

function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (res.headersSent) return next(error);
    const refusal = refusalOf(error, logger);
    sendJson(res, refusal.status, { error: refusal.error, error_description: refusal.description });
  };
}
