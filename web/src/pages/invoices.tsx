import { INVOICE_STATUSES, invoicesApi } from '@booth/shared/api';
import { useApi } from '../api/use-api';
import { InvoiceTable, totalsText } from '../components/billing-tables';
import { LoadState } from '../components/crm-feedback';
import { label, offsetParam, oneOf } from '../components/crm-format';
import { Pager } from '../components/crm-pager';
import { Link, navigate, useLocation } from '../router';

const LIMIT = 50;
const FILTERS = ['unpaid', 'all', ...INVOICE_STATUSES] as const;

/** `/invoices?status=…`: invoices (unpaid first by default) with their total; mark one paid. */
export function InvoicesPage() {
  const { query } = useLocation();
  const status = oneOf(query.get('status'), FILTERS, 'unpaid');
  const offset = offsetParam(query.get('offset'));
  // One contact's only (the assistant's "open Sarah's invoice"); the filter is kept while paging.
  const contactId = query.get('contactId') ?? undefined;
  const list = useApi(invoicesApi.list, {
    query: { status: status === 'all' ? undefined : status, contactId, limit: LIMIT, offset },
  });
  const go = (next: { status?: string; offset?: number }) => {
    const params = new URLSearchParams({ status: next.status ?? status });
    if (contactId) params.set('contactId', contactId);
    if (next.offset) params.set('offset', String(next.offset));
    navigate(`/invoices?${params.toString()}`, { replace: true });
  };
  return (
    <section className="crm-page">
      <h1>Invoices</h1>
      <form className="crm-filters" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="invoices-status">Status</label>
        <select
          id="invoices-status"
          value={status}
          onChange={(e) => go({ status: e.target.value, offset: 0 })}
        >
          {FILTERS.map((s) => (
            <option key={s} value={s}>
              {s === 'unpaid' ? 'Unpaid (sent or overdue)' : s === 'all' ? 'Any status' : label(s)}
            </option>
          ))}
        </select>
      </form>
      {contactId && (
        <p className="crm-total">
          One contact's invoices only. <Link to="/invoices">Show everyone's</Link>
        </p>
      )}
      <LoadState
        loading={list.loading && !list.data}
        error={list.error}
        reload={list.reload}
        what="invoices"
      />
      {list.data && (
        <>
          <p className="crm-total">
            {list.data.total} invoice{list.data.total === 1 ? '' : 's'}
            {list.data.total > 0 && <>, {totalsText(list.data.totals)} in all</>}
          </p>
          <InvoiceTable invoices={list.data.invoices} onChange={list.reload} />
          <Pager offset={offset} limit={LIMIT} total={list.data.total} onOffset={(o) => go({ offset: o })} />
        </>
      )}
    </section>
  );
}
