import { demoConfig } from '../../src/config/demo';
import { listen, type RunningServer } from '../../src/server';
import type { Runtime } from '../../src/runtime';
import { silentLogger, startRuntime } from '../helpers/gateway';

export interface DemoGateway {
  runtime: Runtime;
  server: RunningServer;
  /** The URL where a dialect is mounted (its base path included). */
  baseUrl(dialect: string): string;
}

/** The built-in demo configuration (the vendors' example credentials), one dialect on the given profile, on a real port. */
export async function startDemoGateway(
  dialect: string,
  profile: string,
  section: Record<string, unknown> = {},
  adjust: (config: ReturnType<typeof demoConfig>) => void = () => {},
): Promise<DemoGateway> {
  const config = demoConfig('http://127.0.0.1');
  config.bcrypt = { cost: 4 };
  config.dialects = { ...config.dialects, [dialect]: { ...config.dialects?.[dialect], enabled: true, profile, ...section } };
  adjust(config);
  const runtime = await startRuntime({ config });
  const server = await listen(runtime, 0, '127.0.0.1', silentLogger);
  return {
    runtime,
    server,
    baseUrl(name) {
      const mounted = runtime.mounted.find((m) => m.dialect.name === name);
      if (!mounted) throw new Error(`dialect ${name} is not mounted`);
      return `${server.url}${mounted.context.basePath}`;
    },
  };
}
