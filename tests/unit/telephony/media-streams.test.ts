import { describe, expect, it } from 'vitest';
import { parseStreamMessage, streamClear, streamMark, streamMedia } from '@booth/shared';

/** Messages as Twilio's "Media Streams - WebSocket Messages" shows them: numbers are strings. */
const START = {
  event: 'start',
  sequenceNumber: '1',
  start: {
    accountSid: 'AC0123456789abcdef0123456789abcdef',
    streamSid: 'MZ18ad3ab5a668481ce02b83e7395059f0',
    callSid: 'CA0123456789abcdef0123456789abcdef',
    tracks: ['inbound'],
    mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
    customParameters: { token: 'abc.def' },
  },
  streamSid: 'MZ18ad3ab5a668481ce02b83e7395059f0',
};

describe('Media Streams messages', () => {
  it('reads start, media, dtmf, mark and stop, numbers coerced from strings', () => {
    const start = parseStreamMessage(JSON.stringify(START));
    expect(start.ok && start.message.event === 'start' && start.message).toMatchObject({
      sequenceNumber: 1,
      streamSid: START.streamSid,
      start: { callSid: START.start.callSid, customParameters: { token: 'abc.def' } },
    });
    const media = parseStreamMessage(
      JSON.stringify({
        event: 'media',
        sequenceNumber: '3',
        media: { track: 'inbound', chunk: '1', timestamp: '5', payload: 'no+JY9rK' },
        streamSid: START.streamSid,
      }),
    );
    expect(media.ok && media.message).toMatchObject({
      sequenceNumber: 3,
      media: { chunk: 1, timestamp: 5, payload: 'no+JY9rK' },
    });
    const dtmf = parseStreamMessage(
      JSON.stringify({
        event: 'dtmf',
        streamSid: 'MZ1',
        sequenceNumber: '5',
        dtmf: { track: 'inbound_track', digit: '#' },
      }),
    );
    expect(dtmf.ok && dtmf.message).toMatchObject({ event: 'dtmf', dtmf: { digit: '#' } });
    const mark = parseStreamMessage(
      JSON.stringify({ event: 'mark', sequenceNumber: '4', streamSid: 'MZ1', mark: { name: 'greeting' } }),
    );
    expect(mark.ok && mark.message).toMatchObject({ mark: { name: 'greeting' } });
    const stop = parseStreamMessage(
      JSON.stringify({
        event: 'stop',
        sequenceNumber: '5',
        stop: { accountSid: 'AC1', callSid: 'CA1' },
        streamSid: 'MZ1',
      }),
    );
    expect(stop.ok && stop.message.event).toBe('stop');
    // A start without customParameters has none (not an error).
    const bare = parseStreamMessage(
      JSON.stringify({ ...START, start: { ...START.start, customParameters: undefined } }),
    );
    expect(bare.ok && bare.message.event === 'start' && bare.message.start.customParameters).toEqual({});
  });

  it('ignores events it does not know, and rejects malformed messages', () => {
    expect(parseStreamMessage(JSON.stringify({ event: 'transcription', x: 1 }))).toEqual({
      ok: false,
      ignored: true,
      event: 'transcription',
    });
    for (const text of [
      'not json',
      '[]',
      JSON.stringify({ no: 'event' }),
      JSON.stringify({ event: 'media', media: {} }),
      JSON.stringify({ event: 'media', sequenceNumber: '-1', media: { payload: '' } }),
      JSON.stringify({ event: 'media', sequenceNumber: 'x', media: { payload: '' } }),
      JSON.stringify({ ...START, start: { ...START.start, callSid: '' } }),
      JSON.stringify({ event: 'dtmf', dtmf: { digit: '12' } }),
      JSON.stringify({ event: 'media', media: { payload: 'A'.repeat(64_001) } }),
    ]) {
      const r = parseStreamMessage(text);
      expect([text.slice(0, 40), r.ok, !r.ok && r.ignored]).toEqual([text.slice(0, 40), false, false]);
    }
  });

  it('builds the messages Booth sends back', () => {
    expect(JSON.parse(streamMedia('MZ1', new Uint8Array([0xff, 0x7f])))).toEqual({
      event: 'media',
      streamSid: 'MZ1',
      media: { payload: Buffer.from([0xff, 0x7f]).toString('base64') },
    });
    expect(JSON.parse(streamMark('MZ1', 'greeting'))).toEqual({
      event: 'mark',
      streamSid: 'MZ1',
      mark: { name: 'greeting' },
    });
    expect(JSON.parse(streamClear('MZ1'))).toEqual({ event: 'clear', streamSid: 'MZ1' });
  });
});
