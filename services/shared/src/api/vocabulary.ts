import { z } from 'zod';
import { normalizeTerm } from '../vocabulary';
import { endpoint } from './contract';
import { safe } from './fields';

/** At most this many terms; Whisper's prompt holds about 600 characters of them anyway. */
export const MAX_TERMS = 200;
/** The longest term, once its whitespace is collapsed. */
export const MAX_TERM_LENGTH = 80;

const terms = z.object({ terms: z.array(z.string()) });

const get = endpoint({
  method: 'GET',
  path: '/api/vocabulary',
  summary: 'The custom vocabulary Whisper is prompted with, in order.',
  response: terms,
});

const put = endpoint({
  method: 'PUT',
  path: '/api/vocabulary',
  summary:
    'Replace the whole list (in order; case-insensitive duplicates keep the first spelling). Rooms that start after it use it.',
  body: z.object({
    terms: z
      .array(
        safe(z.string().max(1000))
          .transform(normalizeTerm)
          .pipe(z.string().min(1, 'empty term').max(MAX_TERM_LENGTH)),
      )
      .max(MAX_TERMS),
  }),
  response: terms,
});

/** The custom vocabulary (/api/vocabulary). */
export const vocabularyApi = { get, put };
