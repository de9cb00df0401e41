import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Starts `server` on host and port with the gateway's timeouts; its base URL once it listens. */
export async function startListening(server: Server, port: number, host: string): Promise<string> {
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${shownHost}:${address.port}`;
}
