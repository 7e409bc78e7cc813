import type { ConsultationWithLink } from '@booth/shared/api';
import { CallJoinLink } from '../components/call-join-link';
import { callPath } from '../components/call-format';
import { Link } from '../router';
import { ConsultationDeliveries } from './consultation-deliveries';

/** A link just minted: copy it (shown once), how its sendings went, and the way into the room. */
export function ConsultationLink({ made, onDismiss }: { made: ConsultationWithLink; onDismiss: () => void }) {
  return (
    <div className="consultation-link" role="status">
      <CallJoinLink url={made.joinUrl} onDismiss={onDismiss} />
      <ConsultationDeliveries deliveries={made.sent} />
      <p>
        <Link to={callPath(made.id)}>{made.scheduledAt ? 'Open the consultation' : 'Join the room now'}</Link>
      </p>
    </div>
  );
}
