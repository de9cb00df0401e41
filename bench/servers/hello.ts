/** Child process: express 5 `GET /hello` → `hello`, the cheapest thing express can do. */
import express from 'express';
import { failStart, serveParent } from './child-protocol';
import { listenOnLoopback } from './listen';

async function main(): Promise<void> {
  const app = express();
  app.get('/hello', (_req, res) => {
    res.send('hello');
  });
  const { url, close } = await listenOnLoopback(app);
  serveParent(url, close);
}

main().catch(failStart);
