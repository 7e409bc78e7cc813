// Generates the Prisma client into prisma/generated.
//
// `prisma generate` does not use the schema engine, but Prisma's CLI downloads that engine from
// binaries.prisma.sh on every start. On a machine without that host (air-gapped boxes, our CI) the
// download fails, so when no engine is configured we point PRISMA_SCHEMA_ENGINE_BINARY at a stub that
// refuses to run: generation works, and any command that really needs the engine says so clearly.
// Migrations are applied by src/migrate.ts, which needs no engine.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1' };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) {
  const dir = join(tmpdir(), 'booth-prisma');
  mkdirSync(dir, { recursive: true });
  const stub = join(dir, 'schema-engine-unavailable');
  writeFileSync(
    stub,
    '#!/bin/sh\necho "Prisma schema engine not installed; Booth applies migrations with prisma/src/migrate.ts" >&2\nexit 1\n',
  );
  chmodSync(stub, 0o755);
  env.PRISMA_SCHEMA_ENGINE_BINARY = stub;
}
const r = spawnSync(
  'npx',
  ['--no-install', 'prisma', 'generate', '--schema', join(here, '..', 'schema.prisma')],
  {
    stdio: 'inherit',
    env,
    cwd: join(here, '..'),
  },
);
process.exit(r.status ?? 1);
