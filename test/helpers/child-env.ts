/**
 * The whole environment of a process a test starts: PATH and HOME from ours, plus what the test
 * sets. Nothing else leaks in, so a developer's REDIS_URL, OAUTH_DIALECTS_SECRET or PORT never
 * reaches a child (a `serve` child would otherwise write to their Redis).
 */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of ['PATH', 'HOME']) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...extra };
}
