import { RECORDING_NOTICE, whenShort, type InviteFacts } from './invite-facts';

/** The invite SMS: who, when, the link and the recording notice, short. */
export function inviteSms(f: InviteFacts): string {
  const when = f.scheduledAt ? `on ${whenShort(f.scheduledAt, f.timeZone)}` : 'now';
  return `${f.businessName}: your video consultation ${when}. Join: ${f.joinUrl} (${RECORDING_NOTICE.toLowerCase()}.)`;
}
