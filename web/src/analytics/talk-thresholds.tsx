import type { TalkThresholds } from '@booth/shared/api';
import { wait } from './talk-format';

/** One line saying what the figures counted as a monologue and as an interruption. */
export function TalkThresholdsNote({ t }: { t: TalkThresholds }) {
  return (
    <p className="hint talk-note">
      A monologue runs on while its pauses are under {wait(t.monologueMaxPauseMs)}; cutting in counts as an
      interruption from {wait(t.interruptionMinOverlapMs)} of overlap. Questions are sentences ending in “?”.
    </p>
  );
}
