import type { SpeakerTalkView } from '@booth/shared/api';
import { ROLE_LABELS, duration, percent } from './talk-format';

/**
 * Each speaker of a call, most talk first: talk time and share, questions, interruptions and
 * longest monologue. On a phone each speaker is a card of labelled lines.
 */
export function SpeakerTalkTable({ speakers }: { speakers: readonly SpeakerTalkView[] }) {
  if (!speakers.length) return null;
  return (
    <table className="crm-table crm-cards talk-speakers">
      <caption className="call-visually-hidden">Talk per speaker</caption>
      <thead>
        <tr>
          <th scope="col">Speaker</th>
          <th scope="col">Talk</th>
          <th scope="col">Share</th>
          <th scope="col">Questions</th>
          <th scope="col">Interruptions</th>
          <th scope="col">Longest monologue</th>
        </tr>
      </thead>
      <tbody>
        {speakers.map((s) => (
          <tr key={s.speaker} data-speaker={s.speaker}>
            <td data-label="">
              <strong>{s.name ?? s.speaker}</strong>{' '}
              <span className="hint">{ROLE_LABELS[s.role] ?? s.role}</span>
            </td>
            <td data-label="Talk" className="crm-num">
              {duration(s.talkMs)}
            </td>
            <td data-label="Share" className="crm-num">
              {percent(s.talkShare)}
            </td>
            <td data-label="Questions" className="crm-num">
              {s.questions}
            </td>
            <td data-label="Interruptions" className="crm-num">
              {s.interruptions}
            </td>
            <td data-label="Longest monologue" className="crm-num">
              {duration(s.longestMonologueMs)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
