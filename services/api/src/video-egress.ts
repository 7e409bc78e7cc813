import { EgressClient, EncodedFileOutput, EncodedFileType } from 'livekit-server-sdk';
import { errorMessage, type Logger } from '@booth/shared';
import type { ApiContext } from './context';

/** Where LiveKit Egress writes, in its own container (the `videos` volume; compose profile `egress`). */
export const VIDEO_EGRESS_DIR = '/out';

/** The file a consultation's video recording goes to: Egress fills in the room name and start time. */
export const videoEgressPath = () => `${VIDEO_EGRESS_DIR}/{room_name}-{time}.mp4`;

/**
 * Starts a room-composite video recording (speaker layout: screen shares shown large) of a
 * consultation through LiveKit Egress, when RECORDING_VIDEO is on and the session is recorded. Egress
 * is optional (compose profile `egress`): when it is not running, LiveKit refuses and the call goes on
 * with its audio recording; this never throws. Returns the egress id, or undefined.
 */
export async function startVideoEgress(
  ctx: Pick<ApiContext, 'config'>,
  log: Logger,
  session: { id: string; roomName: string; kind: string; recordingEnabled: boolean },
): Promise<string | undefined> {
  const { config } = ctx;
  if (!config.RECORDING_VIDEO || !config.RECORDING_ENABLED) return undefined;
  if (session.kind !== 'consultation' || !session.recordingEnabled) return undefined;
  const egress = new EgressClient(
    config.LIVEKIT_URL.replace(/^ws/, 'http'),
    config.LIVEKIT_API_KEY,
    config.LIVEKIT_API_SECRET,
  );
  try {
    const info = await egress.startRoomCompositeEgress(
      session.roomName,
      new EncodedFileOutput({ fileType: EncodedFileType.MP4, filepath: videoEgressPath() }),
      { layout: 'speaker' },
    );
    log.info({ sessionId: session.id, egressId: info.egressId }, 'video recording started');
    return info.egressId;
  } catch (err) {
    log.warn(
      { sessionId: session.id, err: errorMessage(err) },
      'video recording not started (is Egress running?)',
    );
    return undefined;
  }
}
