/** The docs page: Swagger UI (served from the `swagger-ui-dist` package) with one definition per dialect. */
export function docsPage(docsPath: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>oauth-dialects API documentation</title>
<link rel="stylesheet" href="${docsPath}/assets/swagger-ui.css">
</head>
<body>
<div id="docs"></div>
<script src="${docsPath}/assets/swagger-ui-bundle.js"></script>
<script src="${docsPath}/assets/swagger-ui-standalone-preset.js"></script>
<script src="${docsPath}/init.js"></script>
</body>
</html>
`;
}

/** Started from a file, not inline, so a strict Content-Security-Policy can stay strict. */
export function docsInit(docsPath: string, dialects: Array<{ name: string; title: string }>): string {
  const urls = dialects.map((d) => ({ name: `${d.name}: ${d.title}`, url: `${docsPath}/${d.name}/openapi.json` }));
  return `window.ui = SwaggerUIBundle({
  urls: ${JSON.stringify(urls)},
  dom_id: '#docs',
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'StandaloneLayout',
});
`;
}
