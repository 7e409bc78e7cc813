/** How the talk analytics reads: durations, shares and per-side pairs. */

const pad = (n: number) => String(n).padStart(2, '0');

/** A duration as people say it: `42 s`, `3 min 05 s`, `1 h 02 min`. */
export function duration(ms: number): string {
  const s = Math.round(Math.max(0, ms) / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${pad(s % 60)} s`;
  return `${Math.floor(m / 60)} h ${pad(m % 60)} min`;
}

/** A short wait to a tenth of a second (`1.4 s`), longer ones as {@link duration}. */
export const wait = (ms: number): string => (ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : duration(ms));

/** A fraction (0–1) as a whole percentage: `62%`. */
export const percent = (fraction: number): string => `${Math.round(fraction * 100)}%`;

/** What a role is called on the talk analytics. */
export const ROLE_LABELS: Record<string, string> = {
  admin: 'Admin',
  client: 'Client',
  agent: 'Assistant',
};

/** `admin 3 · client 5`. */
export const perSide = (v: { admin: number; client: number }): string =>
  `admin ${v.admin} · client ${v.client}`;
