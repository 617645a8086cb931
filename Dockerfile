# Tool Router container image. Untested on the machines this project is built on (no container runtime
# there); a test checks this file against the code instead (ports, paths, variable names).
#
#   docker build -t toolrouter .
#   docker run -p 8080:8080 -v toolrouter-data:/data -e TOOLROUTER_API_KEY=trk_choose_a_long_key toolrouter

# ---- build: compile better-sqlite3 and the TypeScript workspaces, then drop dev dependencies ----
FROM node:22-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json tsconfig.base.json tsconfig.json ./
COPY packages ./packages
COPY examples/sdk ./examples/sdk
# `prepare` builds every workspace (tsc -b) during the install.
RUN npm install --no-audit --no-fund \
 && npm prune --omit=dev --no-audit --no-fund

# ---- runtime: the built app, a non-root user, the workbench's sandbox tools ----
FROM node:22-bookworm-slim
# bubblewrap and python3 run the workbench's sandboxed kernels; the server serves without them (the
# workbench tools then say why they cannot run), and they need user namespaces in the container.
RUN apt-get update \
 && apt-get install -y --no-install-recommends bubblewrap python3 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /data toolrouter \
 && mkdir -p /data && chown toolrouter /data && chmod 0700 /data
WORKDIR /app
COPY --from=build --chown=root:root /app /app
ENV NODE_ENV=production \
    PORT=8080 \
    HOST=0.0.0.0 \
    DATA_DIR=/data
# Fewer glibc malloc arenas: about 15 MB less idle memory for the primary, 10 MB per worker (docs/catalog.md).
ENV MALLOC_ARENA_MAX=2
USER toolrouter
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM (docker stop) drains in-flight requests before the process exits.
STOPSIGNAL SIGTERM
CMD ["node", "--max-semi-space-size=4", "packages/server/bin/toolrouter.js", "serve"]
