# cellsweep: one image for every service (cli, scheduler, worker, dashboard), on Node 24 LTS.
#   docker build -t cellsweep .
# Stages: `manifests` keeps only the package.json files and the lockfile, so `deps` (npm ci) is rebuilt when
# dependencies change, not on every source edit; `build` compiles; `prod-deps` prunes to what runs; `runtime` holds
# the production dependencies and the compiled output only (no TypeScript, Prisma CLI/Studio, AssemblyScript,
# Vite or ECharts package: the dashboard's and the report's ECharts are bundled at build time).

FROM node:24-bookworm-slim AS manifests
WORKDIR /app
COPY . .
# `prepare` builds the sources, which `deps` does not have yet: `build` runs it once they are there.
RUN find . -type f ! -name package.json ! -name package-lock.json -delete \
 && find . -mindepth 1 -type d -empty -delete \
 && npm pkg delete scripts.prepare

FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY --from=manifests /app ./
# With internet, @tensorflow/tfjs-node's install script fetches libtensorflow (the fastest backend); where it
# cannot, npm ci drops that optional dependency and the workers train on the wasm backend.
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
# Everything that runs, gathered in /out: compiled workspaces (tests left out), the CLI's bin, the dashboard's
# bundled web assets, the kernels' wasm, and the committed migrations that `cellsweep db migrate` applies.
RUN npm run build \
 && mkdir /out \
 && cp -r --parents packages/*/dist apps/*/dist apps/cli/bin apps/dashboard/web-dist packages/kernels/build prisma /out \
 && find /out \( -name '*.test.js' -o -name '*.map' -o -name '*.d.ts' \) -delete

FROM deps AS prod-deps
COPY scripts/prune-runtime.mjs /tmp/prune-runtime.mjs
# `npm prune --omit=dev` alone keeps the Prisma CLI (with Studio) and TypeScript, ~200 MB: @prisma/client names
# them optional peers, and the root's devDependencies install them. Nothing at run time needs the root's
# devDependencies, so they are dropped from the manifest first; then what Node never loads (prune-runtime.mjs).
RUN npm pkg delete devDependencies \
 && npm prune --omit=dev --no-audit --no-fund \
 && node /tmp/prune-runtime.mjs /app

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=prod-deps /app ./
COPY --from=build /out ./
COPY package.json ./
# The dashboard keeps its generated token in CELLSWEEP_HOME (/data in docker-compose.yml): the volume is created
# from this directory, so it must belong to the user the services run as.
RUN mkdir -p /data && chown node:node /data
USER node
# The CLI is the entry point: `cellsweep scheduler`, `cellsweep worker`, `cellsweep db migrate`, `cellsweep submit`.
ENTRYPOINT ["node", "apps/cli/bin/cellsweep.js"]
CMD ["--help"]
