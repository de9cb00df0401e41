# syntax=docker/dockerfile:1

# ---- build: compile TypeScript to dist/ ----
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY schemas ./schemas
COPY src ./src
COPY dialects ./dialects
# bench/ (in tsconfig.build.json's include list) is left out of the image; tsc skips a missing folder.
RUN npm run build

# ---- runtime: production dependencies, the compiled code and the schemas ----
FROM node:20-bookworm-slim AS runtime
# serve listens on PORT (no --port below), so the health check probes the port in use.
ENV NODE_ENV=production PORT=8080
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# Read at run time: the project root is found as the folder holding package.json and schemas/.
COPY schemas ./schemas
USER node
EXPOSE 8080
# Healthy = ready: /readyz answers 200 only while the store answers (docker-compose.yml runs the same probe).
HEALTHCHECK --interval=15s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "require('http').get(`http://127.0.0.1:${process.env.PORT}/readyz`, (r) => process.exit(r.statusCode === 200 ? 0 : 1)).on('error', () => process.exit(1))"]
# OAUTH_DIALECTS_TEST_MODE=1 serves the test controls under /_test/… (for a test suite's container) and
# allows them on this 0.0.0.0 bind; never set it in production.
ENTRYPOINT ["node", "dist/src/cli.js"]
CMD ["serve", "--host", "0.0.0.0"]
