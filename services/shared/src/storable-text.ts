/// <reference lib="es2024.string" />

/**
 * What Postgres can store as text or inside jsonb: no NUL (text rejects it) and no lone UTF-16
 * surrogate (jsonb rejects it; text would store U+FFFD). The API refuses client input that fails
 * {@link isStorableText} with a 400; text from elsewhere (a model, LiveKit) is made storable instead.
 */
export const isStorableText = (s: string): boolean => !s.includes('\u0000') && s.isWellFormed();

/** `s` made storable: NUL removed, lone surrogates replaced by U+FFFD. */
export const storableText = (s: string): string => s.replaceAll('\u0000', '').toWellFormed();
