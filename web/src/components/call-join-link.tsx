import { useId, useState } from 'react';

/** A consultation's new join link, shown this once (only its hash is kept), with a copy button. */
export function CallJoinLink({ url, onDismiss }: { url: string; onDismiss?: () => void }) {
  const id = useId();
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <div className="call-join-link">
      <label htmlFor={id}>Client join link (shown once: copy it now)</label>
      <div className="call-join-row">
        <input id={id} readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" onClick={() => void copy()}>
          Copy
        </button>
        {onDismiss && (
          <button type="button" onClick={onDismiss}>
            Done
          </button>
        )}
      </div>
      <p role="status" className="hint">
        {copied === 'copied'
          ? 'Copied.'
          : copied === 'failed'
            ? 'Could not copy: select the link and copy it.'
            : ''}
      </p>
    </div>
  );
}
