import { createServer, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { startListening } from './http/listening';
import type { Logger } from 'pino';
import type { Runtime } from './runtime';
import { listenForMetrics, type MetricsListener } from './metrics';

export interface RunningServer {
  server: Server;
  url: string;
  /**
   * Drains, then closes the store: no new connections; every answer from now on says
   * `Connection: close`; idle connections are closed; in-flight requests finish (up to the grace period).
   */
  shutdown(): Promise<void>;
  /** The metrics' own listener (`metrics.port`), when they have one; stopped by `shutdown`. */
  metrics?: MetricsListener;
}

/**
 * How long a connection must have been idle, once draining, before it is closed. A request a
 * client sent just before the signal may still sit unread in the socket: closing its
 * connection at once would reset it, whereas a moment later it has been read and is answered
 * with `Connection: close`.
 */
const IDLE_SETTLE_MS = 100;

const CURRENT = Symbol('the response the connection last carried');
type Connection = Socket & { [CURRENT]?: ServerResponse };

const busy = (connection: Connection) => connection[CURRENT] !== undefined && !connection[CURRENT].writableFinished;

export async function listen(runtime: Runtime, port: number, host: string, logger: Logger, graceMs = 10_000): Promise<RunningServer> {
  return listenFor(port, host, async () => ({ runtime, logger, graceMs }));
}

/** What `listenFor` serves once it knows its URL. */
export interface Served {
  runtime: Runtime;
  logger: Logger;
  graceMs?: number;
}

/**
 * Binds first, then builds what it serves for the URL it got: on a free port (0) the URL, and
 * so the issuer, is known only once bound. A request arriving before then is answered 503.
 */
export async function listenFor(port: number, host: string, build: (url: string) => Promise<Served>): Promise<RunningServer> {
  const serving: { app?: Runtime['app'] } = {};
  const connections = new Set<Connection>();
  let draining = false;
  const server = createServer((req, res) => {
    (req.socket as Connection)[CURRENT] = res;
    if (draining) res.setHeader('Connection', 'close');
    if (serving.app) return serving.app(req, res);
    res.writeHead(503, { 'Retry-After': '1' }).end();
  });
  server.on('connection', (socket: Connection) => {
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
  });
  const url = await startListening(server, port, host);
  const { runtime, logger, graceMs = 10_000 } = await build(url).catch(closing(server));
  serving.app = runtime.app;
  const metricsPort = runtime.metrics?.settings.port;
  const metrics = runtime.metrics && metricsPort !== undefined ? await listenForMetrics(runtime.metrics, metricsPort, host, logger).catch(closing(server)) : undefined;

  /** Closes connections that carry no request and have read nothing since the last look. */
  const bytesSeen = new Map<Connection, number>();
  let sweepTimer: NodeJS.Timeout | undefined;
  const sweepIdle = () => {
    for (const connection of connections) {
      const read = connection.bytesRead;
      if (!busy(connection) && bytesSeen.get(connection) === read) connection.destroy();
      else bytesSeen.set(connection, read);
    }
    sweepTimer = setTimeout(sweepIdle, IDLE_SETTLE_MS);
  };

  let stopping: Promise<void> | undefined;
  const shutdown = () =>
    (stopping ??= (async () => {
      draining = true;
      // Answers already under way have not written their headers yet: they close their connection too.
      for (const connection of connections) {
        const res = connection[CURRENT];
        if (res && !res.headersSent) res.setHeader('Connection', 'close');
      }
      logger.info('shutting down: no new connections, finishing in-flight requests, closing idle connections');
      const started = Date.now();
      const closed = new Promise<void>((resolve) => {
        // http's close() would also destroy every idle connection at once; the sweep does it once they have settled.
        const closeIdleConnections = server.closeIdleConnections;
        server.closeIdleConnections = () => undefined;
        server.close(() => resolve());
        server.closeIdleConnections = closeIdleConnections;
      });
      sweepIdle();
      const graceTimer = setTimeout(() => server.closeAllConnections(), graceMs);
      await closed;
      clearTimeout(graceTimer);
      clearTimeout(sweepTimer);
      await metrics?.close();
      await runtime.close();
      logger.info({ ms: Date.now() - started }, 'stopped');
    })());
  return { server, url, shutdown, metrics };
}

/** When the metrics' listener cannot start, the gateway's is closed before the failure is passed on. */
function closing(server: Server): (error: unknown) => Promise<never> {
  return async (error) => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw error;
  };
}
