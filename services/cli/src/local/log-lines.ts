/** Services' pino lines for the terminal, in `npm start`: `12:03:04 api         INFO  api listening port=3000`. */
const LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};
const OMIT = new Set(['level', 'time', 'pid', 'hostname', 'name', 'service', 'msg']);

const value = (v: unknown) => (typeof v === 'string' && !/\s/.test(v) ? v : JSON.stringify(v));

/** whisper.cpp's own load-time diagnostics on stderr: in the log file, not the terminal. */
const NATIVE_NOISE = /^(whisper_|ggml_|system_info|\s*$)/;

/** `line` as the terminal shows it, or undefined to show nothing (pretty mode hides native noise). */
export function formatLogLine(name: string, line: string, mode: 'pretty' | 'json'): string | undefined {
  const tag = name.padEnd(11);
  if (mode === 'json') return `${tag} ${line}`;
  if (NATIVE_NOISE.test(line)) return undefined;
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
    if (typeof entry !== 'object' || entry === null || typeof entry.msg !== 'string') throw new Error();
  } catch {
    return `${tag} ${line}`;
  }
  const time =
    typeof entry.time === 'string' ? entry.time.slice(11, 19) : new Date().toISOString().slice(11, 19);
  const level = (LEVELS[Number(entry.level)] ?? String(entry.level)).padEnd(5);
  const fields = Object.entries(entry)
    .filter(([k]) => !OMIT.has(k))
    .map(([k, v]) => {
      if (k === 'err' && v && typeof v === 'object' && 'message' in v) {
        const e = v as { message: string; stack?: string };
        return `err=${JSON.stringify(e.message)}${e.stack ? `\n${e.stack}` : ''}`;
      }
      return `${k}=${value(v)}`;
    });
  return `${time} ${tag} ${level} ${entry.msg}${fields.length ? ` ${fields.join(' ')}` : ''}`;
}
