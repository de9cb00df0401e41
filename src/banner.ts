import type { RawConfig } from './config/types';
import { joinPath } from './http/mount';
import type { Runtime } from './runtime';
import { testModeBannerLine } from './testing/test-mode';

/** What `serve` prints once listening: where it is, every route with its full URL, and the demo's credentials. */
export function startupBanner(runtime: Runtime, url: string, file: string | undefined): string[] {
  const lines = [`oauth-dialects listening on ${url} (store: ${runtime.store.kind}${file ? `, config: ${file}` : ', built-in demo configuration'})`];
  if (runtime.config.test_mode) lines.push(testModeBannerLine(url));
  lines.push('  Gateway');
  const shared = runtime.sharedRoutes.map((route) => ({ ...route, url: `${url}${route.path}` }));
  const width = Math.max(...shared.map((route) => route.url.length));
  for (const route of shared) lines.push(`    ${route.method.padEnd(6)} ${route.url.padEnd(width)}  ${route.what}`);
  for (const { dialect, context, routes } of runtime.mounted) {
    lines.push(`  ${dialect.title} [${dialect.name}]`);
    for (const route of routes) lines.push(`    ${route.method.padEnd(6)} ${url}${joinPath(context.basePath, route.path)}`);
  }
  if (!file) lines.push(...demoCredentials(runtime.config));
  return lines;
}

function demoCredentials(demo: RawConfig): string[] {
  const lines = ['  Demo credentials (public, for trying things out only):'];
  for (const client of demo.clients ?? []) lines.push(`    client ${client.client_id}${client.client_secret ? ` / ${client.client_secret}` : ' (public)'}`);
  for (const user of demo.users ?? []) lines.push(`    user   ${user.username} / ${user.password}${user.status && user.status !== 'active' ? ` (${user.status})` : ''}`);
  return lines;
}
