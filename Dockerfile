# One image for api, worker and transcriber (the command picks the service).
FROM node:20-bookworm-slim AS deps
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# whisper.cpp (via smart-whisper) is compiled here; AVX2/FMA/F16C make it ~6x faster on x86-64.
# Override WHISPER_CFLAGS for CPUs without AVX2 (e.g. --build-arg WHISPER_CFLAGS=-O3).
ARG WHISPER_CFLAGS="-O3 -mavx -mavx2 -mfma -mf16c"
ENV CFLAGS="${WHISPER_CFLAGS}" CXXFLAGS="${WHISPER_CFLAGS}" \
    ONNXRUNTIME_NODE_INSTALL=skip ONNXRUNTIME_NODE_INSTALL_CUDA=skip
COPY package.json package-lock.json ./
COPY services/shared/package.json services/shared/
COPY services/api/package.json services/api/
COPY services/transcriber/package.json services/transcriber/
COPY services/worker/package.json services/worker/
COPY prisma/package.json prisma/
COPY prisma/scripts prisma/scripts
COPY prisma/schema.prisma prisma/
COPY web/package.json web/
COPY tests/package.json tests/
RUN npm install --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY . .
COPY --from=deps /app/prisma/generated ./prisma/generated
RUN mkdir -p /models && chown node:node /models
USER node
EXPOSE 3000
CMD ["npx", "tsx", "services/api/src/main.ts"]
