import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { startListening } from '../http/listening';
import { sendJson } from '../http/wire';
import type { Logger } from 'pino';
import { bearerChecker } from './bearer';
import type { GatewayMetrics } from './gateway-metrics';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** `GET <path>`: the exposition, behind `Authorization: Bearer <token>` when a token is set. */
export function scrapeHandler(metrics: GatewayMetrics, bearerToken: string | undefined, logger: Logger): Handler {
  const authorized = bearerToken === undefined ? () => true : bearerChecker(bearerToken);
  return (req, res) => {
    if (!authorized(req.headers.authorization)) {
      sendJson(res, 401, { error: 'unauthorized' }, { 'WWW-Authenticate': 'Bearer realm="metrics"' });
      return;
    }
    metrics.scrape().then(
      ({ contentType, body }) => {
        res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'metrics could not be collected');
        sendJson(res, 500, { error: 'server_error' });
      },
    );
  };
}

export interface MetricsListener {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** The metrics on a listener of their own (`metrics.port`): the path answers, anything else is a 404. */
export async function listenForMetrics(metrics: GatewayMetrics, port: number, host: string, logger: Logger): Promise<MetricsListener> {
  const scrape = scrapeHandler(metrics, metrics.settings.bearerToken, logger);
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query < 0 ? url : url.slice(0, query);
    if (path !== metrics.settings.path) return sendJson(res, 404, { error: 'not_found' });
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'method_not_allowed' }, { Allow: 'GET, HEAD' });
    scrape(req, res);
  });
  const url = await startListening(server, port, host);
  return {
    server,
    url: `${url}${metrics.settings.path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
