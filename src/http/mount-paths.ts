/** A dialect route's full path under its base path. */
export function joinPath(basePath: string, path: string): string {
  const joined = `${basePath.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
  return joined === '' ? '/' : joined;
}
