import type { Request } from 'express';
import type { DialectSection } from '../../src/config/types';
import type { DialectContext } from '../../src/http/dialect';

/** The endpoint a request was for, by its path below the dialect's mount point (a trailing slash ignored). */
export function endpointByPath<E extends string>(paths: Iterable<readonly [string, E]>, fallback: E): (req: Request) => E {
  const byPath = new Map(paths);
  return (req) => byPath.get(req.path.replace(/(.)\/+$/, '$1')) ?? fallback;
}

/** A dialect's settings, read once per mounted context: `renderError` is handed the context, not what `mount` built. */
export function settingsPerContext<S>(read: (section: DialectSection) => S): (context: DialectContext) => S {
  const known = new WeakMap<DialectContext, S>();
  return (context) => {
    let settings = known.get(context);
    if (settings === undefined) known.set(context, (settings = read(context.section)));
    return settings;
  };
}

/**
 * A vendor's answer for a core failure, remembering the failure as its `cause`: the request's
 * log line then names the core's code and reason beneath the vendor's wire code.
 */
export function causedBy<T>(translated: T, cause: unknown): T {
  if (translated !== cause && translated instanceof Error && translated.cause === undefined && cause instanceof Error) translated.cause = cause;
  return translated;
}
