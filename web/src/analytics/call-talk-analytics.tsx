import { talkAnalyticsApi } from '@booth/shared/api';
import { useApi } from '../api/use-api';
import { CallProblem } from '../components/call-problem';
import { CallTalkFacts } from './call-talk-facts';
import { SpeakerTalkTable } from './speaker-talk-table';
import { TalkShareBar } from './talk-share-bar';
import { TalkThresholdsNote } from './talk-thresholds';
import { TrackerHitCounts } from './tracker-hit-counts';

/**
 * An ended call's talk analytics (`#talk-analytics`): the two sides' shares of the talk, the key
 * figures, each speaker's, and the keyword-tracker hits, from GET /api/sessions/:id/analytics.
 */
export function CallTalkAnalytics({ sessionId }: { sessionId: string }) {
  const { data: a, error } = useApi(talkAnalyticsApi.session, { params: { id: sessionId } });
  let body;
  if (!a) {
    body = error ? (
      <CallProblem error={error} what="Could not load the talk analytics" />
    ) : (
      <p className="loading">Loading…</p>
    );
  } else if (a.talkMs === 0) {
    body = <p className="hint">Nobody was transcribed on this call, so there is no talk to measure.</p>;
  } else {
    body = (
      <>
        <TalkShareBar admin={a.sides.admin.talkShare} client={a.sides.client.talkShare} />
        <CallTalkFacts a={a} />
        <h3>Per speaker</h3>
        <SpeakerTalkTable speakers={a.speakers} />
        <h3>Keyword trackers</h3>
        <TrackerHitCounts counts={a.trackerHits} empty="No tracker was hit on this call." />
        <TalkThresholdsNote t={a.thresholds} />
      </>
    );
  }
  return (
    <section
      id="talk-analytics"
      className="call-section talk-analytics"
      aria-labelledby="talk-analytics-heading"
    >
      <h2 id="talk-analytics-heading">Talk analytics</h2>
      {body}
    </section>
  );
}
