import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { startVideoEgress } from '@booth/api';
import { parseConfig, type Logger } from '@booth/shared';

/**
 * Consultation video recording through LiveKit Egress is an optional compose profile: Egress cannot be
 * provisioned here, so this runs against the harness's real livekit-server, which has no Egress service
 * attached. What must hold: when video recording is wanted and Egress is missing, LiveKit's refusal is
 * logged and swallowed (the call goes on with its audio recording); when it is not wanted (switched off,
 * not a consultation, session not recorded), LiveKit is not even asked.
 */
function capturingLogger(): { log: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n'))
        if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: 'debug' }, sink) as unknown as Logger, lines };
}

const configWith = (env: Record<string, string>) =>
  parseConfig({ ...process.env, SESSION_SECRET: 'egress-test-secret-0123456789abcdef', ...env }, 'api');

const consultation = {
  id: 's1',
  roomName: 'consult-egress-test',
  kind: 'consultation',
  recordingEnabled: true,
};

describe('consultation video recording (LiveKit Egress)', () => {
  it('logs and carries on when Egress is not running', async () => {
    const { log, lines } = capturingLogger();
    const config = configWith({ RECORDING_ENABLED: 'true', RECORDING_VIDEO: 'true' });
    await expect(startVideoEgress({ config }, log, consultation)).resolves.toBeUndefined();
    const warn = lines.find((l) => l.msg === 'video recording not started (is Egress running?)');
    expect(warn, JSON.stringify(lines)).toBeDefined();
    // LiveKit itself answered (a refusal, not a connection error to a wrong address).
    expect(String(warn!.err)).not.toMatch(/ECONNREFUSED|ENOTFOUND/);
  });

  it('does not ask LiveKit when video recording is not wanted', async () => {
    const cases: Array<[Record<string, string>, typeof consultation]> = [
      [{ RECORDING_ENABLED: 'true', RECORDING_VIDEO: 'false' }, consultation],
      [{ RECORDING_ENABLED: 'false', RECORDING_VIDEO: 'true' }, consultation],
      [
        { RECORDING_ENABLED: 'true', RECORDING_VIDEO: 'true' },
        { ...consultation, kind: 'call' },
      ],
      [
        { RECORDING_ENABLED: 'true', RECORDING_VIDEO: 'true' },
        { ...consultation, recordingEnabled: false },
      ],
    ];
    for (const [env, session] of cases) {
      const { log, lines } = capturingLogger();
      await expect(startVideoEgress({ config: configWith(env) }, log, session)).resolves.toBeUndefined();
      expect(lines).toEqual([]);
    }
  });
});
