# syntax=docker/dockerfile:1.7
# One image for api, worker, transcriber and the booth CLI (the compose command picks the entry point).
# `npm test` assembles this image's runtime file tree without Docker and boots every entry point from it
# (tests/integration/deploy/image-layout.test.ts, via scripts/image/layout.ts): keep every step of the
# build stage runnable from /app with relative paths. A comment `# layout-check: host` before a RUN
# marks a step the check leaves to the host (system packages it already has).
ARG NODE_VERSION=24.22.3

FROM node:${NODE_VERSION}-bookworm-slim AS build
# layout-check: host
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# whisper.cpp (via smart-whisper) is compiled here. WHISPER_CFLAGS (from .env through compose) picks the
# CPU features; empty means the architecture's default: AVX/AVX2/FMA/F16C on x86-64 (~6x faster than a
# plain build), plain -O3 elsewhere (arm64). For x86 CPUs without AVX2 set WHISPER_CFLAGS=-O3 -mavx or -O3.
# The flags are recorded in node_modules/.booth-whisper-cflags; the transcriber checks the CPU against
# them at start and says what to rebuild with instead of dying of SIGILL.
ARG TARGETARCH
ARG WHISPER_CFLAGS=""
ENV ONNXRUNTIME_NODE_INSTALL=skip ONNXRUNTIME_NODE_INSTALL_CUDA=skip PRISMA_HIDE_UPDATE_MESSAGE=1
COPY package.json package-lock.json ./
COPY services/shared/package.json services/shared/
COPY services/api/package.json services/api/
COPY services/transcriber/package.json services/transcriber/
COPY services/worker/package.json services/worker/
COPY services/assistant/package.json services/assistant/
COPY services/cli/package.json services/cli/
COPY services/telephony/package.json services/telephony/
COPY prisma/package.json prisma/schema.prisma prisma/
COPY prisma/scripts prisma/scripts
COPY web/package.json web/
COPY tests/package.json tests/
RUN --mount=type=cache,target=/root/.npm \
    flags="${WHISPER_CFLAGS}"; \
    if [ -z "$flags" ]; then \
      case "${TARGETARCH:-$(uname -m)}" in amd64|x86_64) flags="-O3 -mavx -mavx2 -mfma -mf16c" ;; *) flags="-O3" ;; esac; \
    fi; \
    CFLAGS="$flags" CXXFLAGS="$flags" npm ci --no-audit --no-fund \
    && printf '%s\n' "$flags" > node_modules/.booth-whisper-cflags
COPY . .
# The Prisma client, generated from the final schema in its own layer.
RUN npm run generate
# The dashboard: web/ built by Vite into web/dist (served by the API with hashed, long-cached assets).
RUN npm run build
# Runtime tree: production dependencies only, no tests, benchmarks or test-only scripts.
RUN npm prune --omit=dev --no-audit --no-fund \
    && rm -rf tests scripts/llm scripts/whisper/ct2_to_ggml.py

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production
# espeak-ng: the assistant's spoken replies (the transcriber synthesises them locally).
# layout-check: host
RUN apt-get update && apt-get install -y --no-install-recommends espeak-ng \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
# layout-check: host
# Named volumes take these directories' owner: the models, and the recordings (RECORDING_DIR).
RUN mkdir -p /models /recordings && chown node:node /models /recordings
USER node
EXPOSE 3000
# Each service is node itself (compose adds an init as PID 1, which forwards SIGTERM to it).
CMD ["node", "--import", "tsx", "services/api/src/main.ts"]
