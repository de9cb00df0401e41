import type { Request } from 'express';

export { servletParams, parseJavaScopeSet as parseScopeSet } from '../kit/jvm';

/** The shape MaxKey demands of codes and of tokens at the userinfo endpoints. */
export const MAXKEY_UUID = /^[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}$/;

/** `access_token`, then `token`, then `Authorization: Bearer` (prefix case-insensitive). */
export function presentedToken(req: Request, params: Record<string, string>): string | undefined {
  if (params.access_token !== undefined) return params.access_token;
  if (params.token !== undefined) return params.token;
  const header = req.headers.authorization;
  const match = header ? /^bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match ? match[1] : undefined;
}
