import { readFileSync } from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';
import type { MountedDialect } from '../http/mount';
import { projectRoot } from '../project-root';
import { buildOpenApi, type OpenApiDocument } from './openapi';
import { docsInit, docsPage } from './page';

const VIEWER_FILES = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js']);

/** A document of the gateway's own (the admin API), listed on the page after the dialects'. */
export interface ExtraDocument {
  name: string;
  title: string;
  build(version: string): OpenApiDocument;
}

/** `GET <path>` (the page), `<path>/<dialect>/openapi.json`, and the viewer's files; documents built once here. */
export function docsRouter(docsPath: string, mounted: MountedDialect[], extra: ExtraDocument[] = []): Router {
  const { version } = JSON.parse(readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as { version: string };
  const documents = new Map<string, OpenApiDocument>();
  for (const { dialect, context, routes } of mounted) documents.set(dialect.name, buildOpenApi(dialect, context.section, context.basePath, routes, version));
  for (const { name, build } of extra) documents.set(name, build(version));
  const page = docsPage(docsPath);
  const init = docsInit(docsPath, [...mounted.map(({ dialect }) => dialect), ...extra]);
  const viewerDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));

  const router = express.Router();
  router.get('/', (_req, res) => {
    res.type('html').send(page);
  });
  router.get('/init.js', (_req, res) => {
    res.type('application/javascript').send(init);
  });
  router.get('/assets/:file', (req, res, next) => {
    if (!VIEWER_FILES.has(req.params.file)) return next();
    res.sendFile(path.join(viewerDir, req.params.file), { maxAge: '1h' });
  });
  router.get('/:dialect/openapi.json', (req, res, next) => {
    const document = documents.get(req.params.dialect);
    if (!document) return next();
    res.json(document);
  });
  return router;
}
