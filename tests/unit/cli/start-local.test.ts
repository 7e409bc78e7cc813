import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseEnvFile } from '@booth/cli/src/local/env-file';
import { livekitConfig } from '@booth/cli/src/local/livekit';
import { formatLogLine } from '@booth/cli/src/local/log-lines';
import { processStartTime } from '@booth/cli/src/local/run-state';
import { loadSecrets } from '@booth/cli/src/local/secrets';
import { SettingsError, startSettings } from '@booth/cli/src/local/start-settings';

/** The pure parts of `npm start` (booth start): settings, secrets, generated config, terminal lines. */
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'booth-start-unit-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('start settings', () => {
  it('defaults to ./.booth-data and the documented ports', () => {
    const s = startSettings({ HOME: '/home/x' }, '/repo');
    expect(s).toMatchObject({
      dataDir: '/repo/.booth-data',
      apiHost: '0.0.0.0',
      apiPort: 3000,
      pgPort: 15432,
      redisPort: 16379,
      livekitPort: 7880,
      livekitTcpPort: 7881,
      livekitUdpPort: 7882,
      departureTimeoutS: 20,
      terminalLogs: 'pretty',
    });
    expect(s.livekitBind).toBeUndefined();
    expect(s.livekitBin).toMatch(/\.cache\/booth\/bin\/livekit-server$/);
  });

  it('reads every variable, and names a bad one', () => {
    const s = startSettings(
      {
        BOOTH_DATA_DIR: 'data',
        API_PORT: '8080',
        BOOTH_PG_PORT: '5999',
        BOOTH_LIVEKIT_BIND: '127.0.0.1, 192.168.1.20',
        BOOTH_LIVEKIT_DEPARTURE_TIMEOUT: '1',
        BOOTH_START_LOGS: 'none',
        BOOTH_CACHE_DIR: '/cache',
      },
      '/repo',
    );
    expect(s).toMatchObject({ dataDir: '/repo/data', apiPort: 8080, pgPort: 5999, departureTimeoutS: 1 });
    expect(s.livekitBind).toEqual(['127.0.0.1', '192.168.1.20']);
    expect(s.livekitBin).toBe('/cache/bin/livekit-server');
    expect(() => startSettings({ BOOTH_REDIS_PORT: '70000' })).toThrow(SettingsError);
    expect(() => startSettings({ BOOTH_REDIS_PORT: '70000' })).toThrow(/BOOTH_REDIS_PORT/);
    expect(() => startSettings({ BOOTH_START_LOGS: 'loud' })).toThrow(/BOOTH_START_LOGS/);
  });
});

describe('secrets.env', () => {
  it('is generated once (mode 0600) and read back unchanged; the admin comes from the env at first', () => {
    const dir = tempDir();
    const first = loadSecrets(dir, { BOOTH_ADMIN_EMAIL: 'owner@example.com' });
    expect(first.created).toBe(true);
    expect(first.secrets.BOOTH_ADMIN_EMAIL).toBe('owner@example.com');
    expect(first.secrets.BOOTH_ADMIN_PASSWORD.length).toBeGreaterThanOrEqual(16);
    expect(first.secrets.LIVEKIT_API_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(first.secrets.SESSION_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(statSync(join(dir, 'secrets.env')).mode & 0o777).toBe(0o600);

    const again = loadSecrets(dir, {
      BOOTH_ADMIN_EMAIL: 'someone-else@example.com',
      BOOTH_ADMIN_PASSWORD: 'x'.repeat(12),
    });
    expect(again.created).toBe(false);
    expect(again.secrets).toEqual(first.secrets);
  });

  it('fills in what an older file lacks, keeping the rest', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'secrets.env'), '# old\nPOSTGRES_PASSWORD=kept-password\nEXTRA=1\n');
    const { secrets } = loadSecrets(dir, {});
    expect(secrets.POSTGRES_PASSWORD).toBe('kept-password');
    expect(secrets.BOOTH_ADMIN_EMAIL).toBe('admin@booth.local');
    expect(loadSecrets(dir, {}).secrets).toEqual(secrets);
    expect(parseEnvFile('A=1\n# B=2\nC=x=y\n  D=with space\r\n')).toEqual({
      A: '1',
      C: 'x=y',
      D: 'with space',
    });
  });
});

describe('livekit config', () => {
  it('holds the key, ports, webhook and timeouts', () => {
    const yaml = livekitConfig({
      bin: '/bin/lk',
      configFile: '/x.yaml',
      logFile: '/x.log',
      port: 7880,
      tcpPort: 7881,
      udp: { port: 7882 },
      apiKey: 'bookey',
      apiSecret: 's'.repeat(64),
      webhookUrl: 'http://127.0.0.1:3000/webhooks/livekit',
      departureTimeoutS: 1,
    });
    for (const line of [
      'port: 7880',
      '  tcp_port: 7881',
      '  udp_port: 7882',
      `  "bookey": "${'s'.repeat(64)}"`,
      '  api_key: "bookey"',
      '  urls: ["http://127.0.0.1:3000/webhooks/livekit"]',
      '  departure_timeout: 1',
    ]) {
      expect(yaml.split('\n')).toContain(line);
    }
    expect(yaml).not.toContain('bind_addresses');
    expect(
      livekitConfig({
        bin: '',
        configFile: '',
        logFile: '',
        port: 1,
        tcpPort: 2,
        udp: { start: 40000, end: 40099 },
        bindAddresses: ['127.0.0.1'],
        nodeIp: '127.0.0.1',
        apiKey: 'k',
        apiSecret: 's',
      }),
    ).toMatch(
      /bind_addresses: \["127.0.0.1"\][\s\S]*port_range_start: 40000\n {2}port_range_end: 40099[\s\S]*node_ip: "127.0.0.1"/,
    );
  });
});

describe('terminal lines', () => {
  it('shows pino lines compactly, other lines as they are, and hides whisper.cpp load noise', () => {
    const line = JSON.stringify({
      level: 30,
      time: '2026-12-01T19:15:17.123Z',
      service: 'api',
      name: 'api',
      msg: 'api listening',
      port: 3000,
      host: '0.0.0.0',
    });
    expect(formatLogLine('api', line, 'pretty')).toBe(
      '19:15:17 api         INFO  api listening port=3000 host=0.0.0.0',
    );
    expect(formatLogLine('api', line, 'json')).toBe(`api         ${line}`);
    expect(formatLogLine('worker', 'Node.js v20', 'pretty')).toBe('worker      Node.js v20');
    expect(formatLogLine('transcriber', 'whisper_model_load: n_vocab = 51864', 'pretty')).toBeUndefined();
    const err = JSON.stringify({
      level: 50,
      msg: 'boom',
      err: { message: 'bad thing', stack: 'Error: bad thing\n  at x' },
    });
    expect(formatLogLine('worker', err, 'pretty')).toMatch(/ERROR boom err="bad thing"\nError: bad thing/);
  });
});

describe('run state', () => {
  it('tells a process by its start time', () => {
    const t = processStartTime(process.pid);
    expect(t).toMatch(/^\d+$/);
    expect(processStartTime(process.pid)).toBe(t);
    expect(processStartTime(2 ** 22 + 1)).toBeUndefined();
  });
});
