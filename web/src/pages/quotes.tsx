import { QUOTE_STATUSES, quotesApi } from '@booth/shared/api';
import { useApi } from '../api/use-api';
import { QuoteTable } from '../components/billing-tables';
import { LoadState } from '../components/crm-feedback';
import { label, offsetParam, oneOf } from '../components/crm-format';
import { Pager } from '../components/crm-pager';
import { Link, navigate, useLocation } from '../router';

const LIMIT = 50;
const FILTERS = ['all', ...QUOTE_STATUSES] as const;

/** `/quotes?status=…`: every quote, newest first, with its contact. */
export function QuotesPage() {
  const { query } = useLocation();
  const status = oneOf(query.get('status'), FILTERS, 'all');
  const offset = offsetParam(query.get('offset'));
  // One contact's only (the assistant's "open Sarah's quote"); the filter is kept while paging.
  const contactId = query.get('contactId') ?? undefined;
  const list = useApi(quotesApi.list, {
    query: { status: status === 'all' ? undefined : status, contactId, limit: LIMIT, offset },
  });
  const go = (next: { status?: string; offset?: number }) => {
    const params = new URLSearchParams({ status: next.status ?? status });
    if (contactId) params.set('contactId', contactId);
    if (next.offset) params.set('offset', String(next.offset));
    navigate(`/quotes?${params.toString()}`, { replace: true });
  };
  return (
    <section className="crm-page">
      <h1>Quotes</h1>
      <form className="crm-filters" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="quotes-status">Status</label>
        <select id="quotes-status" value={status} onChange={(e) => go({ status: e.target.value, offset: 0 })}>
          {FILTERS.map((s) => (
            <option key={s} value={s}>
              {s === 'all' ? 'Any status' : label(s)}
            </option>
          ))}
        </select>
      </form>
      {contactId && (
        <p className="crm-total">
          One contact's quotes only. <Link to="/quotes">Show everyone's</Link>
        </p>
      )}
      <LoadState loading={list.loading && !list.data} error={list.error} reload={list.reload} what="quotes" />
      {list.data && (
        <>
          <QuoteTable quotes={list.data.quotes} />
          <Pager offset={offset} limit={LIMIT} total={list.data.total} onOffset={(o) => go({ offset: o })} />
        </>
      )}
    </section>
  );
}
