import { readFileSync } from 'node:fs';
import { UsageError, type Command } from '../command';
import { SERVICES, startPlatform } from '../local/platform';
import { SECRETS_FILE } from '../local/secrets';
import { SettingsError, startSettings } from '../local/start-settings';

/** Last lines of a log file, for a crash report. */
function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * `booth start` (`npm start`, after scripts/start.sh provisioned what is missing): the whole platform
 * on this box, in the foreground, until Ctrl-C or SIGTERM; see local/platform.ts.
 */
async function start(args: string[], flags: { quiet?: boolean }): Promise<void> {
  if (args.length) throw new UsageError('start takes no arguments');
  let settings;
  try {
    settings = startSettings();
  } catch (err) {
    if (err instanceof SettingsError) throw new UsageError(err.message);
    throw err;
  }
  if (flags.quiet) settings.terminalLogs = 'none';

  // Signals: the first one stops everything in order; later ones (npm forwards Ctrl-C a second time)
  // only say that stopping is under way. Registered before anything starts, so nothing is orphaned.
  const abort = new AbortController();
  let signalled: string | undefined;
  const stopRequested = new Promise<string>((resolveSignal) => {
    const onSignal = (sig: string) => {
      if (signalled) {
        console.log(`(${sig}: already stopping; every process is killed after its timeout)`);
        return;
      }
      signalled = sig;
      abort.abort();
      resolveSignal(sig);
    };
    for (const sig of SIGNALS) process.on(sig, onSignal);
  });

  console.log(`Booth: starting with data in ${settings.dataDir}`);
  let platform;
  try {
    platform = await startPlatform({ settings, say: (line) => console.log(line), signal: abort.signal });
  } catch (err) {
    if (!signalled) throw err;
    for (const sig of SIGNALS) process.removeAllListeners(sig);
    console.log(`${signalled} while starting: stopped`);
    return;
  }
  const { BOOTH_ADMIN_EMAIL: email, BOOTH_ADMIN_PASSWORD: password } = platform.secrets;
  const banner = [
    '',
    'Booth is running.',
    `  dashboard:  ${platform.dashboardUrl}`,
    `  admin:      ${email}`,
    `  password:   ${password}`,
    `  data:       ${platform.dataDir}  (secrets in ${SECRETS_FILE}, logs in logs/)`,
  ];
  if (platform.firstStart) {
    banner.push(
      '  First start: the transcriber downloads any model it lacks (progress in logs/transcriber.log).',
    );
  }
  console.log([...banner, 'Ctrl-C stops everything.', ''].join('\n'));

  const outcome = await Promise.race([
    stopRequested.then((sig) => ({ kind: 'signal' as const, sig })),
    platform.crashed.then((c) => ({ kind: 'crash' as const, ...c })),
  ]);
  if (outcome.kind === 'crash') {
    const child = platform.children.find((c) => c.name === outcome.name);
    const code = outcome.exit.code ?? outcome.exit.signal;
    // A service's last lines are on the terminal already, unless its logs only go to the file.
    const echoed = settings.terminalLogs !== 'none' && (SERVICES as readonly string[]).includes(outcome.name);
    const last = !echoed && child ? `; last lines of ${child.logFile}:\n${tail(child.logFile)}` : '';
    console.error(`\n${outcome.name} exited unexpectedly (${code})${last}\nstopping everything`);
  } else {
    console.log(`\n${outcome.sig}: stopping the services, then livekit-server, Redis and Postgres…`);
  }
  const { clean, problems } = await platform.stop();
  for (const sig of SIGNALS) process.removeAllListeners(sig);
  if (outcome.kind === 'crash') throw new Error(`${outcome.name} crashed; everything is stopped`);
  if (!clean) throw new Error(`stopped, but not cleanly:\n  ${problems.join('\n  ')}`);
  console.log('Booth stopped.');
}

export const startCommand: Command = {
  name: 'start',
  usage: `booth start [--quiet]    the whole platform on this box without Docker (npm start);
      data in BOOTH_DATA_DIR (default ./.booth-data); --quiet keeps the services' logs in files only`,
  options: { quiet: { type: 'boolean' } },
  run: (args, flags) => start(args, flags as { quiet?: boolean }),
};
