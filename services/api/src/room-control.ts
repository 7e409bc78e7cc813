import { ServerError } from 'livekit-server-sdk';
import type { ApiContext } from './context';
import { publisherOf } from './notify';

/** LiveKit answers 404 for a room or participant that is gone already: the goal is reached. */
const gone = (err: unknown) => err instanceof ServerError && (err.status === 404 || err.code === 'not_found');

/**
 * Closes a room on the LiveKit server (RoomServiceClient.deleteRoom): everyone in it is disconnected,
 * the transcriber included. A room that does not exist is fine; other failures throw.
 */
export async function closeRoom(ctx: ApiContext, roomName: string): Promise<void> {
  try {
    await publisherOf(ctx).rooms.deleteRoom(roomName);
  } catch (err) {
    if (!gone(err)) throw err;
  }
}

/** Disconnects one participant from a room; one who left already is fine. */
export async function removeFromRoom(ctx: ApiContext, roomName: string, identity: string): Promise<void> {
  try {
    await publisherOf(ctx).rooms.removeParticipant(roomName, identity);
  } catch (err) {
    if (!gone(err)) throw err;
  }
}
