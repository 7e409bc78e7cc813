import { useMemo } from 'react';
import { useCallPlayback } from '../playback/call-playback';
import { clock } from './call-format';
import { quoteAt } from './call-moment';
import { MomentLink } from './recording-moment-link';

/**
 * An analysed field's evidence: the quote, linking to where the call said it (the transcript marks
 * it; with a recording, a click plays from there). Plain text when the transcript does not say it.
 */
export function EvidenceQuote({ quote }: { quote: string }) {
  const player = useCallPlayback();
  const segments = player?.segments;
  const at = useMemo(() => (segments ? quoteAt(segments, quote) : undefined), [segments, quote]);
  if (!player || at === undefined) return <q>{quote}</q>;
  return (
    <MomentLink
      sessionId={player.sessionId}
      atMs={at}
      className="call-evidence"
      label={`“${quote}”, ${player.audioUrl ? 'play from' : 'said at'} ${clock(at)}`}
    >
      <q>{quote}</q>
    </MomentLink>
  );
}
