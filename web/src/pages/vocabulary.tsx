import { useState, type FormEvent } from 'react';
import { MAX_TERMS, MAX_TERM_LENGTH, vocabularyApi } from '@booth/shared/api';
import { ApiError, call } from '../api/client';
import { useApi } from '../api/use-api';
import { LoadState } from '../components/crm-feedback';

/** A 400 about `terms.3` as "Line 5: …": `lines[3]` is the textarea line term 3 came from. */
function issueText(err: ApiError, lines: number[]): string {
  if (!err.issues.length) return err.message;
  return err.issues
    .map((i) => {
      const m = /^terms\.(\d+)$/.exec(i.path);
      const line = m ? lines[Number(m[1])] : undefined;
      return line === undefined ? i.message : `Line ${line + 1}: ${i.message}`;
    })
    .join('; ');
}

/**
 * `/vocabulary`: the venue, package and staff names Whisper should spell right, one per line; the
 * transcriber prompts with them in calls that start after saving.
 */
export function VocabularyPage() {
  const current = useApi(vocabularyApi.get, {});
  return (
    <section className="crm-page">
      <h1>Vocabulary</h1>
      <p>
        Venue, package and staff names the transcriber should spell right, one per line (up to {MAX_TERMS},
        each at most {MAX_TERM_LENGTH} characters). Calls that start after saving use them.
      </p>
      <LoadState
        loading={current.loading && !current.data}
        error={current.error}
        reload={current.reload}
        what="the vocabulary"
      />
      {current.data && <VocabularyForm key={current.data.terms.join('\n')} terms={current.data.terms} />}
    </section>
  );
}

function VocabularyForm({ terms }: { terms: string[] }) {
  const [text, setText] = useState(terms.join('\n'));
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    // Blank lines are spacing, not terms.
    const kept = text
      .split('\n')
      .map((t, line) => ({ term: t.trim(), line }))
      .filter((t) => t.term);
    const list = kept.map((t) => t.term);
    setBusy(true);
    setStatus('');
    setError('');
    try {
      const saved = await call(vocabularyApi.put, { body: { terms: list } });
      setText(saved.terms.join('\n'));
      const merged = list.length - saved.terms.length;
      setStatus(
        `Saved ${saved.terms.length} term${saved.terms.length === 1 ? '' : 's'}${
          merged > 0 ? ` (${merged} duplicate${merged === 1 ? '' : 's'} dropped)` : ''
        }.`,
      );
    } catch (err) {
      setError(
        err instanceof ApiError
          ? issueText(
              err,
              kept.map((t) => t.line),
            )
          : 'Could not save the vocabulary',
      );
    } finally {
      setBusy(false);
    }
  };
  const count = text.split('\n').filter((t) => t.trim()).length;
  return (
    <form id="vocabulary" className="crm-form crm-form-wide" onSubmit={(e) => void submit(e)}>
      <label htmlFor="vocabulary-terms">Terms, one per line</label>
      <textarea
        id="vocabulary-terms"
        name="terms"
        rows={14}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-describedby="vocabulary-count vocabulary-error"
        aria-invalid={error ? true : undefined}
        spellCheck={false}
      />
      <p id="vocabulary-count" className="hint">
        {count} of {MAX_TERMS} terms
      </p>
      <div className="crm-form-actions">
        <button type="submit" disabled={busy}>
          Save
        </button>
        <span id="vocabulary-status" role="status">
          {status}
        </span>
      </div>
      <p id="vocabulary-error" className="error" role="alert">
        {error}
      </p>
    </form>
  );
}
