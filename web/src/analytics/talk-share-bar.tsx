import '../styles/talk-analytics.css';
import { percent } from './talk-format';

/**
 * The admin side's and the client side's shares of the talk as one bar with a legend underneath;
 * nothing when neither side spoke. Its label reads both shares out.
 */
export function TalkShareBar({ admin, client }: { admin: number; client: number }) {
  if (admin + client <= 0) return null;
  const text = `Admin side ${percent(admin)}, client side ${percent(client)}`;
  return (
    <figure className="talk-share">
      <div className="talk-share-bar" role="img" aria-label={text}>
        <span className="talk-share-admin" style={{ width: `${admin * 100}%` }} />
        <span className="talk-share-client" style={{ width: `${client * 100}%` }} />
      </div>
      <figcaption className="talk-share-legend">
        <span data-side="admin">
          <span className="talk-swatch talk-swatch-admin" aria-hidden="true" /> Admin side {percent(admin)}
        </span>
        <span data-side="client">
          <span className="talk-swatch talk-swatch-client" aria-hidden="true" /> Client side {percent(client)}
        </span>
      </figcaption>
    </figure>
  );
}
