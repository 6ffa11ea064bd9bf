# cellsweep: one image for every service (cli, scheduler, worker, dashboard), multi-stage.
#   docker build -t cellsweep .
# Stage 1 installs every dependency (with internet, @tensorflow/tfjs-node's install script can fetch libtensorflow;
# when it cannot, npm drops that optional dependency and the wasm backend is used) and compiles TypeScript.
# Stage 2 keeps production dependencies and the compiled output only, and runs as an unprivileged user.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages ./packages
COPY apps ./apps
COPY prisma ./prisma
COPY prisma.config.ts tsconfig.base.json tsconfig.json ./
COPY scripts ./scripts
# `prepare` would build before the sources are complete; build explicitly below.
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && npm rebuild --no-audit --no-fund \
 && npm run build \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app /app
USER node
# The CLI is the entry point: `cellsweep scheduler`, `cellsweep worker`, `cellsweep db migrate`, `cellsweep submit`.
ENTRYPOINT ["node", "apps/cli/bin/cellsweep.js"]
CMD ["--help"]
