import { Fragment } from 'react';
import { snippetParts } from './call-marks';

/** A snippet as text with its matches in <mark>: the marks are split out, nothing is read as HTML. */
export function Snippet({ text }: { text: string }) {
  return (
    <>
      {snippetParts(text).map((p, i) =>
        p.hit ? <mark key={i}>{p.text}</mark> : <Fragment key={i}>{p.text}</Fragment>,
      )}
    </>
  );
}
