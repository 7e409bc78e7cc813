import { talkAnalyticsApi, type CallTalkTrend } from '@booth/shared/api';
import { useApi } from '../api/use-api';
import { callPath } from '../components/call-format';
import { LoadState } from '../components/crm-feedback';
import { formatTime, label } from '../components/crm-format';
import { Link } from '../router';
import { ROLE_LABELS, duration, percent, perSide, wait } from './talk-format';
import { TalkThresholdsNote } from './talk-thresholds';

/** The row of one call: when, then its figures; "—" where a call has none. */
function TrendRow({ c }: { c: CallTalkTrend }) {
  const spoke = c.talkMs > 0;
  return (
    <tr data-session-id={c.sessionId}>
      <td data-label="">
        <Link to={callPath(c.sessionId)}>{formatTime(c.startedAt ?? c.createdAt)}</Link>{' '}
        <span className="hint">{label(c.kind)}</span>
      </td>
      <td data-label="Talk" className="crm-num">
        {spoke ? duration(c.talkMs) : '—'}
      </td>
      <td data-label="Admin share" className="crm-num">
        {c.adminShare === null ? '—' : percent(c.adminShare)}
      </td>
      <td data-label="Longest monologue" className="crm-num">
        {c.longestMonologueRole
          ? `${duration(c.longestMonologueMs)} (${(ROLE_LABELS[c.longestMonologueRole] ?? c.longestMonologueRole).toLowerCase()})`
          : '—'}
      </td>
      <td data-label="Questions">{perSide(c.questions)}</td>
      <td data-label="Interruptions">{perSide(c.interruptions)}</td>
      <td data-label="Response (median)" className="crm-num">
        {c.responseMedianMs === null ? '—' : wait(c.responseMedianMs)}
      </td>
      <td data-label="Tracker hits" className="crm-num">
        {c.trackerHits}
      </td>
    </tr>
  );
}

/**
 * How a contact's calls went, one row per ended call, oldest first (GET
 * /api/contacts/:id/talk-analytics): talk time, the admin side's share, the longest monologue,
 * questions and interruptions per side, the median response time and tracker hits. On a phone each
 * call is a card of labelled lines.
 */
export function ContactTalkTrend({ contactId }: { contactId: string }) {
  const trend = useApi(talkAnalyticsApi.contact, { params: { id: contactId } });
  const t = trend.data;
  if (!t) {
    return (
      <LoadState
        loading={trend.loading}
        error={trend.error}
        reload={trend.reload}
        what="the talk analytics"
      />
    );
  }
  if (!t.calls.length) return <p className="crm-empty">No ended calls yet.</p>;
  return (
    <>
      <table className="crm-table crm-cards talk-trend">
        <caption className="call-visually-hidden">Talk analytics per call, oldest first</caption>
        <thead>
          <tr>
            <th scope="col">Call</th>
            <th scope="col">Talk</th>
            <th scope="col">Admin share</th>
            <th scope="col">Longest monologue</th>
            <th scope="col">Questions</th>
            <th scope="col">Interruptions</th>
            <th scope="col">Response (median)</th>
            <th scope="col">Tracker hits</th>
          </tr>
        </thead>
        <tbody>
          {t.calls.map((c) => (
            <TrendRow key={c.sessionId} c={c} />
          ))}
        </tbody>
      </table>
      <TalkThresholdsNote t={t.thresholds} />
    </>
  );
}
