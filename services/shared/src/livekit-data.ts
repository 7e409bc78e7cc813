import { DataPacket_Kind, RoomServiceClient } from 'livekit-server-sdk';
import { clientDataKey, roomDataKey, sealData } from './api/data-signing';
import { DATA_TOPICS } from './api/data-topics';
import { NOTIFICATIONS_ROOM } from './rooms';

export interface DataPublisherOptions {
  /** LiveKit's HTTP(S) or WS(S) URL. */
  url: string;
  apiKey: string;
  apiSecret: string;
}

/**
 * Server-side publishing of reliable data messages into LiveKit rooms (RoomServiceClient.sendData):
 * notifications to the admin notifications room, suggestions to the admins of a call.
 */
export class DataPublisher {
  readonly rooms: RoomServiceClient;
  private readonly apiSecret: string;

  constructor(opts: DataPublisherOptions) {
    this.rooms = new RoomServiceClient(opts.url.replace(/^ws/, 'http'), opts.apiKey, opts.apiSecret);
    this.apiSecret = opts.apiSecret;
  }

  /** The publisher for the configured LiveKit server (LIVEKIT_URL and its API key). */
  static fromConfig(config: {
    LIVEKIT_URL: string;
    LIVEKIT_API_KEY: string;
    LIVEKIT_API_SECRET: string;
  }): DataPublisher {
    return new DataPublisher({
      url: config.LIVEKIT_URL,
      apiKey: config.LIVEKIT_API_KEY,
      apiSecret: config.LIVEKIT_API_SECRET,
    });
  }

  /**
   * Sends `payload` as JSON, signed with the room's data key (api/data-signing.ts: the dashboard acts
   * only on what Booth signed); fails when the room does not exist (nobody there to hear it).
   */
  async send(room: string, topic: string, payload: unknown, destinationIdentities?: string[]): Promise<void> {
    const data = await sealData(await roomDataKey(this.apiSecret, room), topic, payload);
    await this.rooms.sendData(room, data, DataPacket_Kind.RELIABLE, { topic, destinationIdentities });
  }

  /** Sends to some of a room's clients, sealed with the room's client key (clientDataKey). */
  async sendToClients(
    room: string,
    topic: string,
    payload: unknown,
    clientIdentities: string[],
  ): Promise<void> {
    const data = await sealData(await clientDataKey(this.apiSecret, room), topic, payload);
    await this.rooms.sendData(room, data, DataPacket_Kind.RELIABLE, {
      topic,
      destinationIdentities: clientIdentities,
    });
  }

  /** Sends a notification to the admins online: everyone in the admin notifications room. */
  notifyAdmins(message: unknown): Promise<void> {
    return this.send(NOTIFICATIONS_ROOM, DATA_TOPICS.notifications, message);
  }

  /** Identities of the participants in a room; empty when the room does not exist. */
  async participants(room: string): Promise<{ identity: string; name: string; joinedAt: number }[]> {
    try {
      const list = await this.rooms.listParticipants(room);
      return list.map((p) => ({ identity: p.identity, name: p.name, joinedAt: Number(p.joinedAt) }));
    } catch {
      return [];
    }
  }
}
