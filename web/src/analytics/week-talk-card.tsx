import { useCallback } from 'react';
import { talkAnalyticsApi, type NotificationMessage } from '@booth/shared/api';
import { useApi } from '../api/use-api';
import { LoadState } from '../components/crm-feedback';
import { formatDay } from '../components/crm-format';
import { useNotificationEvents } from '../live/notifications';
import { duration, percent, perSide, wait } from './talk-format';
import { TrackerHitCounts } from './tracker-hit-counts';

/** Notifications that a call ended and was analysed: the week's figures moved. */
const CALL_EVENTS: readonly string[] = ['call_analyzed', 'call_analysis_failed'];

/**
 * The home screen's card of this week's calls (Monday to Sunday around `today`, GET
 * /api/analytics/week): how many, their talk time, the admin side's mean share, the median response
 * time, questions per side and the most hit trackers. Reloaded when a call's analysis arrives.
 */
export function WeekTalkCard({ today }: { today: string }) {
  const week = useApi(talkAnalyticsApi.week, { query: { today } });
  const { reload } = week;
  useNotificationEvents(
    useCallback(
      (n: NotificationMessage) => {
        if (CALL_EVENTS.includes(n.type)) reload();
      },
      [reload],
    ),
  );
  const w = week.data;
  return (
    <section aria-labelledby="home-talk-h" className="crm-card talk-week" id="talk-week">
      <h2 id="home-talk-h">This week's calls</h2>
      {w ? (
        <>
          <p className="hint">
            {formatDay(w.weekStart)} – {formatDay(w.weekEnd)}
          </p>
          <dl className="call-facts talk-facts">
            <div data-figure="calls">
              <dt>Calls</dt>
              <dd>
                {w.calls} <span className="hint">({w.callsWithSpeech} with speech)</span>
              </dd>
            </div>
            <div data-figure="talk">
              <dt>Total talk</dt>
              <dd>{duration(w.talkMs)}</dd>
            </div>
            <div data-figure="admin-share">
              <dt>Admin talk share</dt>
              <dd>{w.adminShareMean === null ? '—' : `${percent(w.adminShareMean)} on average`}</dd>
            </div>
            <div data-figure="response">
              <dt>Median response</dt>
              <dd>
                {w.responseMedianMs === null ? (
                  '—'
                ) : (
                  <>
                    {wait(w.responseMedianMs)} <span className="hint">({w.responses} answers)</span>
                  </>
                )}
              </dd>
            </div>
            <div data-figure="questions">
              <dt>Questions</dt>
              <dd>{perSide(w.questions)}</dd>
            </div>
          </dl>
          <h3>Most frequent tracker hits</h3>
          <TrackerHitCounts counts={w.trackerHits} empty="No tracker was hit this week." />
        </>
      ) : (
        <LoadState loading={week.loading} error={week.error} reload={reload} what="this week's calls" />
      )}
    </section>
  );
}
