import type { MouseEvent, ReactNode } from 'react';
import { useCallPlayback } from '../playback/call-playback';
import { Link } from '../router';
import { callPath, clock } from './call-format';

/**
 * A link to a moment of a call (`/calls/<id>?at=<ms>`): the transcript marks the word said then, and
 * on the call page with a recording to play, a click also plays from that moment. Ctrl/cmd-click
 * still opens it in a new tab.
 */
export function MomentLink({
  sessionId,
  atMs,
  label,
  className,
  children,
}: {
  sessionId: string;
  atMs: number;
  /** Read by screen readers instead of the content. */
  label?: string;
  className?: string;
  children: ReactNode;
}) {
  const player = useCallPlayback();
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    if (player?.sessionId === sessionId) player.playFrom(atMs);
  };
  const playable = player?.sessionId === sessionId && player.audioUrl !== undefined;
  return (
    <Link
      to={callPath(sessionId, atMs)}
      className={className}
      onClick={onClick}
      aria-label={label ?? `${playable ? 'Play from' : 'At'} ${clock(atMs)} in the transcript`}
      data-at-ms={Math.round(atMs)}
    >
      {children}
    </Link>
  );
}
