import express, { type Router } from 'express';
import type { Logger } from 'pino';
import { CoreError } from '../core/errors';
import type { TokenEngine } from '../core/engine';
import type { DialectSection } from '../config/types';
import type { Dialect, DialectContext, RouteSpec } from './dialect';
import { bodyParsers } from './body';
import { errorBoundary } from './error-boundary';
import { recordRoutes, type FastLane } from './fast-lane';
import { joinPath } from './mount-paths';
import type { SignIn } from './signin';
import type { Faults } from '../testing/faults';
import type { Shadows } from '../shadow';

export interface MountedDialect {
  dialect: Dialect;
  context: DialectContext;
  routes: RouteSpec[];
}

export { joinPath } from './mount-paths';

export function enabledSections(dialects: Dialect[], sections: Record<string, DialectSection>): Array<[Dialect, DialectSection]> {
  return dialects.filter((d) => sections[d.name] && sections[d.name].enabled !== false).map((d) => [d, sections[d.name]]);
}

/** Two dialects must never answer the same path: a start-up error naming both. */
export function checkCollisions(planned: Array<{ dialect: Dialect; basePath: string; routes: RouteSpec[] }>): void {
  const owners = new Map<string, string>();
  for (const { dialect, basePath, routes } of planned) {
    for (const route of routes) {
      const path = joinPath(basePath, route.path);
      const owner = owners.get(path);
      if (owner && owner !== dialect.name) {
        throw new Error(`dialects "${owner}" and "${dialect.name}" are both mounted on ${path}; give one of them another base_path`);
      }
      owners.set(path, dialect.name);
    }
  }
}

/** Builds each enabled dialect's router with its body parsers, 405s and error boundary. */
export async function mountDialects(
  dialects: Dialect[],
  sections: Record<string, DialectSection>,
  engine: TokenEngine,
  logger: Logger,
  bodyLimit: string,
  signIn: SignIn,
  fastLane: FastLane,
  faults?: Faults,
  shadows?: Shadows,
): Promise<Array<MountedDialect & { router: Router }>> {
  const planned = enabledSections(dialects, sections).map(([dialect, section]) => {
    const basePath = section.base_path ?? dialect.defaultBasePath;
    return { dialect, section, basePath, routes: dialect.routes(section) };
  });
  checkCollisions(planned);
  const mounted: Array<MountedDialect & { router: Router }> = [];
  for (const { dialect, section, basePath, routes } of planned) {
    const dialectEngine = engine.forDialect(dialect.name);
    const context: DialectContext = { engine: dialectEngine, section, basePath, logger: logger.child({ dialect: dialect.name }), bodyLimit, signIn: signIn.forEngine(dialectEngine) };
    const router = express.Router({ caseSensitive: true, strict: false });
    const recorded = recordRoutes(router);
    // Parsers on the dialect's own paths only: two dialects may share a base path.
    const paths = [...new Set(routes.map((r) => r.path))];
    for (const path of paths) router.all(path, ...bodyParsers(bodyLimit, dialect.bodies));
    // Shadow mode: on the router too, before the faults, so it sees every answer the client gets.
    const shadow = shadows?.forDialect(dialect, section, context.logger);
    if (shadow) for (const path of paths) router.all(path, shadow.hook(path));
    // Scripted faults (tests only): on the router, so the fast lane records and runs the hook too.
    if (faults) for (const path of paths) router.all(path, faults.hook(dialect, path));
    await dialect.mount(router, context);
    const methodNotAllowed = () => {
      throw new CoreError('method_not_allowed', 'method not allowed');
    };
    for (const path of paths) router.all(path, methodNotAllowed);
    const boundary = errorBoundary(dialect, context);
    router.use(boundary);
    fastLane.add(basePath, recorded, boundary);
    mounted.push({ dialect, context, routes, router });
  }
  return mounted;
}
