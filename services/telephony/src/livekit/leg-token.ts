import { AccessToken } from 'livekit-server-sdk';

export interface LegIdentity {
  roomName: string;
  identity: string;
  name: string;
  attributes: Record<string, string>;
}

/** A LiveKit token for one phone leg: joins its room, publishes its audio and data, hears the others. */
export async function legToken(apiKey: string, apiSecret: string, leg: LegIdentity): Promise<string> {
  const at = new AccessToken(apiKey, apiSecret, {
    identity: leg.identity,
    name: leg.name,
    attributes: leg.attributes,
    // A phone call rarely lasts this long; the token only has to be valid when joining (and rejoining).
    ttl: '12h',
  });
  at.addGrant({
    roomJoin: true,
    room: leg.roomName,
    canPublish: true,
    canSubscribe: true,
    canPublishData: true,
  });
  return at.toJwt();
}
