import type { InviteDeliveryView } from '@booth/shared/api';
import '../styles/consultations.css';
import { when } from '../components/call-format';

const CHANNEL_LABELS: Record<string, string> = { email: 'Email', sms: 'SMS' };

/** How each sending of an invite went: channel, recipient, sent or the provider's refusal. */
export function ConsultationDeliveries({ deliveries }: { deliveries: InviteDeliveryView[] }) {
  if (!deliveries.length) return <p className="hint">The link has not been sent.</p>;
  return (
    <ul className="consultation-deliveries" aria-label="Invite sendings">
      {deliveries.map((d) => (
        <li key={d.id} data-status={d.status}>
          <span className="consultation-delivery-channel">{CHANNEL_LABELS[d.channel] ?? d.channel}</span> to{' '}
          <span className="consultation-delivery-to">{d.to}</span>:{' '}
          {d.status === 'sent' ? (
            <span className="consultation-delivery-sent">sent {when(d.createdAt)}</span>
          ) : (
            <span className="consultation-delivery-failed">
              failed {when(d.createdAt)}: {d.error}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
