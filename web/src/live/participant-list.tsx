import { memo } from 'react';
import type { RoomParticipant } from './participants';

/** Who is in the room and who is speaking (`ul#participants`). */
function ParticipantListView({ participants }: { participants: RoomParticipant[] }) {
  return (
    <section className="live-panel" aria-labelledby="participants-heading">
      <h2 id="participants-heading">In the call</h2>
      <ul id="participants" className="live-participants">
        {participants.map((p) => (
          <li
            key={p.identity}
            data-identity={p.identity}
            data-speaking={String(p.isSpeaking)}
            data-local={p.isLocal ? 'true' : undefined}
            data-muted={p.micMuted ? 'true' : undefined}
            title={[p.isLocal ? 'You' : '', p.isSpeaking ? 'speaking' : '', p.micMuted ? 'muted' : '']
              .filter(Boolean)
              .join(', ')}
          >
            {p.name}
          </li>
        ))}
      </ul>
    </section>
  );
}

export const ParticipantList = memo(ParticipantListView);
