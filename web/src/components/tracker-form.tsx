import { useId, useState, type FormEvent } from 'react';
import { MAX_TRACKER_NAME, MAX_TRACKER_PHRASES, type TrackerView } from '@booth/shared/api';
import { ApiError } from '../api/client';

/** What the form sends: the API's create (and full update) body. */
export interface TrackerInput {
  name: string;
  phrases: string[];
  clientOnly: boolean;
  notify: boolean;
}

/** The phrases typed in the one field: separated by commas or new lines, blanks dropped. */
export const parsePhrases = (text: string): string[] =>
  text
    .split(/[,\n]/)
    .map((p) => p.trim())
    .filter(Boolean);

/** A failed save as one line, a phrase's problem naming the phrase ("“?!”: a phrase needs …"). */
function saveError(err: unknown, phrases: string[]): string {
  if (!(err instanceof ApiError)) return 'Could not save the tracker';
  if (!err.issues.length) return err.message;
  return err.issues
    .map((i) => {
      const m = /^phrases\.(\d+)$/.exec(i.path);
      const phrase = m ? phrases[Number(m[1])] : undefined;
      if (phrase !== undefined) return `“${phrase}”: ${i.message}`;
      if (i.path === 'name') return `Name: ${i.message}`;
      if (i.path === 'phrases') return `Phrases: ${i.message}`;
      return i.message;
    })
    .join('; ');
}

/**
 * Adding or changing a keyword tracker: its name, its words and phrases (a comma list, shown back as
 * chips), whether only the client's words count and whether admins are told. The API's answer to a
 * bad save (a name taken, a phrase without letters) is shown under the form.
 */
export function TrackerForm({
  tracker,
  onSave,
  onCancel,
}: {
  /** The tracker being changed; none to add one. */
  tracker?: TrackerView;
  onSave: (input: TrackerInput) => Promise<void>;
  onCancel?: () => void;
}) {
  const id = useId();
  const [name, setName] = useState(tracker?.name ?? '');
  const [text, setText] = useState(tracker?.phrases.join(', ') ?? '');
  const [clientOnly, setClientOnly] = useState(tracker?.clientOnly ?? false);
  const [notify, setNotify] = useState(tracker?.notify ?? false);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const phrases = parsePhrases(text);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      await onSave({ name: name.trim(), phrases, clientOnly, notify });
      if (!tracker) {
        setName('');
        setText('');
        setClientOnly(false);
        setNotify(false);
      }
    } catch (err) {
      setError(saveError(err, phrases));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="crm-form tracker-form"
      aria-label={tracker ? `Change ${tracker.name}` : 'New tracker'}
      onSubmit={(e) => void submit(e)}
    >
      <div className="crm-field">
        <label htmlFor={`${id}-name`}>Name</label>
        <input
          id={`${id}-name`}
          name="name"
          type="text"
          value={name}
          maxLength={MAX_TRACKER_NAME}
          required
          onChange={(e) => setName(e.target.value)}
          placeholder="Competitor"
        />
      </div>
      <div className="crm-field">
        <label htmlFor={`${id}-phrases`}>Words and phrases, separated by commas</label>
        <input
          id={`${id}-phrases`}
          name="phrases"
          type="text"
          value={text}
          required
          onChange={(e) => setText(e.target.value)}
          placeholder="price, cost, afford"
          aria-describedby={`${id}-chips`}
          autoCapitalize="none"
          spellCheck={false}
        />
        <ul id={`${id}-chips`} className="tracker-chips" aria-label="Phrases">
          {phrases.map((p, i) => (
            <li key={`${i}:${p}`}>{p}</li>
          ))}
        </ul>
        <p className="hint">
          Whole words, any case or punctuation (up to {MAX_TRACKER_PHRASES}). “price” does not count “prices”:
          list both if you want both.
        </p>
      </div>
      <div className="tracker-checks">
        <label>
          <input
            type="checkbox"
            name="clientOnly"
            checked={clientOnly}
            onChange={(e) => setClientOnly(e.target.checked)}
          />
          Only when the client says it
        </label>
        <label>
          <input
            type="checkbox"
            name="notify"
            checked={notify}
            onChange={(e) => setNotify(e.target.checked)}
          />
          Notify me when a call says it
        </label>
      </div>
      <div className="crm-form-actions">
        <button type="submit" disabled={busy}>
          {tracker ? 'Save' : 'Add tracker'}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
        )}
      </div>
      <p className="error" role="alert">
        {error}
      </p>
    </form>
  );
}
