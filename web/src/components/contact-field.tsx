import type { ReactNode } from 'react';

/**
 * One labelled field of a contact form: the control, a "set by hand" mark (call analysis leaves the
 * field alone) and the API's message about it, tied to the control for screen readers.
 */
export function ContactField({
  name,
  label,
  manual,
  error,
  children,
}: {
  name: string;
  label: string;
  manual?: boolean;
  error?: string;
  /** The control; gets `id`, `aria-invalid` and `aria-describedby` from `fieldProps(name, error)`. */
  children: ReactNode;
}) {
  return (
    <div className={`crm-field${error ? ' crm-field-invalid' : ''}`}>
      <label htmlFor={`contact-${name}`}>
        {label}
        {manual && (
          <span className="crm-manual" title="Set by hand: call analysis leaves it alone">
            {' '}
            ✎ set by hand
          </span>
        )}
      </label>
      {children}
      {error && (
        <span className="crm-field-error" id={`contact-${name}-error`}>
          {error}
        </span>
      )}
    </div>
  );
}

/** The control's side of {@link ContactField}. */
export const fieldProps = (name: string, error: string | undefined) => ({
  id: `contact-${name}`,
  name,
  'aria-invalid': error ? true : undefined,
  'aria-describedby': error ? `contact-${name}-error` : undefined,
});
