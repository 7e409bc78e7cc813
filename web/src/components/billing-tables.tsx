import { useState } from 'react';
import {
  contractsApi,
  invoicesApi,
  type Contract,
  type Invoice,
  type MoneyTotal,
  type Quote,
} from '@booth/shared/api';
import { ApiError, call } from '../api/client';
import { Link } from '../router';
import { formatDay, formatTime, label, money } from './crm-format';

/** Runs one action per row at a time, with its error; `onDone` reloads the list after a success. */
function useRowAction(onDone: () => void) {
  const [busy, setBusy] = useState<string | undefined>();
  const [error, setError] = useState('');
  const run = async (id: string, action: () => Promise<unknown>) => {
    setBusy(id);
    setError('');
    try {
      await action();
      onDone();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'That did not work; try again');
    } finally {
      setBusy(undefined);
    }
  };
  return { busy, error, run };
}

const ContactCell = ({ c }: { c: { id: string; name: string } }) => (
  <td data-label="Contact">
    <Link to={`/contacts/${c.id}`}>{c.name}</Link>
  </td>
);

const Status = ({ status }: { status: string }) => (
  <span className={`crm-status crm-status-${status}`}>{label(status)}</span>
);

export function QuoteTable({ quotes, showContact = true }: { quotes: Quote[]; showContact?: boolean }) {
  if (!quotes.length) return <p className="crm-empty">No quotes.</p>;
  return (
    <div className="crm-table-wrap">
      <table className="crm-table crm-cards">
        <thead>
          <tr>
            <th scope="col">Quote</th>
            {showContact && <th scope="col">Contact</th>}
            <th scope="col">Status</th>
            <th scope="col" className="crm-num">
              Amount
            </th>
            <th scope="col">Made</th>
          </tr>
        </thead>
        <tbody>
          {quotes.map((q) => (
            <tr key={q.id} data-row-id={q.id}>
              <td data-label="Quote">{q.title}</td>
              {showContact && <ContactCell c={q.contact} />}
              <td data-label="Status">
                <Status status={q.status} />
              </td>
              <td data-label="Amount" className="crm-num">
                {money(q.amountCents, q.currency)}
              </td>
              <td data-label="Made">{formatTime(q.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Invoices with a "Mark paid" button on those still to be paid. */
export function InvoiceTable({
  invoices,
  onChange,
  showContact = true,
}: {
  invoices: Invoice[];
  onChange: () => void;
  showContact?: boolean;
}) {
  const { busy, error, run } = useRowAction(onChange);
  if (!invoices.length) return <p className="crm-empty">No invoices.</p>;
  return (
    <>
      <div className="crm-table-wrap">
        <table className="crm-table crm-cards">
          <thead>
            <tr>
              <th scope="col">Invoice</th>
              {showContact && <th scope="col">Contact</th>}
              <th scope="col">Status</th>
              <th scope="col" className="crm-num">
                Amount
              </th>
              <th scope="col">Due</th>
              <th scope="col">Paid</th>
              <th scope="col">
                <span className="crm-sr">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {invoices.map((i) => (
              <tr key={i.id} data-row-id={i.id}>
                <td data-label="Invoice">{i.number}</td>
                {showContact && <ContactCell c={i.contact} />}
                <td data-label="Status">
                  <Status status={i.status} />
                </td>
                <td data-label="Amount" className="crm-num">
                  {money(i.amountCents, i.currency)}
                </td>
                <td data-label="Due">{i.dueDate ? formatDay(i.dueDate) : '—'}</td>
                <td data-label="Paid">{i.paidAt ? formatTime(i.paidAt) : '—'}</td>
                <td data-label="">
                  {i.status !== 'paid' && i.status !== 'void' && (
                    <button
                      type="button"
                      disabled={busy === i.id}
                      onClick={() => void run(i.id, () => call(invoicesApi.paid, { params: { id: i.id } }))}
                    >
                      Mark paid<span className="crm-sr">: invoice {i.number}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

/** Contracts with a "Mark signed" button on those not signed or cancelled. */
export function ContractTable({ contracts, onChange }: { contracts: Contract[]; onChange: () => void }) {
  const { busy, error, run } = useRowAction(onChange);
  if (!contracts.length) return <p className="crm-empty">No contracts.</p>;
  return (
    <>
      <div className="crm-table-wrap">
        <table className="crm-table crm-cards">
          <thead>
            <tr>
              <th scope="col">Contract</th>
              <th scope="col">Status</th>
              <th scope="col" className="crm-num">
                Amount
              </th>
              <th scope="col">Signed</th>
              <th scope="col">
                <span className="crm-sr">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {contracts.map((k) => (
              <tr key={k.id} data-row-id={k.id}>
                <td data-label="Contract">{k.title}</td>
                <td data-label="Status">
                  <Status status={k.status} />
                </td>
                <td data-label="Amount" className="crm-num">
                  {money(k.amountCents)}
                </td>
                <td data-label="Signed">{k.signedAt ? formatTime(k.signedAt) : '—'}</td>
                <td data-label="">
                  {k.status !== 'signed' && k.status !== 'cancelled' && (
                    <button
                      type="button"
                      disabled={busy === k.id}
                      onClick={() =>
                        void run(k.id, () => call(contractsApi.signed, { params: { id: k.id } }))
                      }
                    >
                      Mark signed<span className="crm-sr">: {k.title}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

/** Sums per currency: "$1,200.00 · €500.00". */
export const totalsText = (totals: MoneyTotal[]) =>
  totals.length ? totals.map((t) => money(t.amountCents, t.currency)).join(' · ') : money(0);
