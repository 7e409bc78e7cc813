import { ROUTE_PATHS, configSchema, createLogger, isWriteTool, parseDatabaseUrl } from '@booth/shared';
import { UsageError, type Command, type Flags } from '../command';

/**
 * booth ask "TEXT" [--json] [--dry-run] [--as EMAIL] [--today YYYY-MM-DD] [--yes]: one assistant turn
 * from the command line. Against DATABASE_URL it runs like a turn in the dashboard (reads answer,
 * writes are proposed; `--yes` confirms them as the admin at the terminal). `--dry-run` only plans:
 * nothing is stored or run, no database is needed, names are not resolved.
 */

/** What `--json` prints. */
interface AskOutput {
  reply: string;
  actions: { tool: string; args: unknown; confirm: boolean; status?: string }[];
  navigate: { path: string; highlight: string | null } | null;
  planner: string;
}

/** The assistant's settings from the environment (LLM_*, SMTP_*, PUBLIC_URL), checked by the shared schema. */
function assistantSettings() {
  const env = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema
    .pick({
      LLM_PROVIDER: true,
      LLM_TIMEOUT_MS: true,
      LLM_MAX_TOKENS: true,
      OLLAMA_HOST: true,
      OLLAMA_MODEL: true,
      OPENAI_BASE_URL: true,
      OPENAI_API_KEY: true,
      OPENAI_MODEL: true,
      SMTP_URL: true,
      SMTP_FROM: true,
      PUBLIC_URL: true,
    })
    .safeParse(env);
  if (!parsed.success) {
    throw new UsageError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  }
  return { ...parsed.data, PUBLIC_URL: parsed.data.PUBLIC_URL ?? 'http://localhost:3000' };
}

function today(flags: Flags): string | undefined {
  const t = flags.today;
  if (t === undefined) return undefined;
  if (typeof t !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(t))
    throw new UsageError('--today takes YYYY-MM-DD');
  return t;
}

function print(out: AskOutput, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return;
  }
  process.stdout.write(`${out.reply}\n`);
  for (const a of out.actions) {
    process.stdout.write(
      `  ${a.confirm ? 'needs confirmation' : 'runs'}: ${a.tool} ${JSON.stringify(a.args)}\n`,
    );
  }
  if (out.navigate) process.stdout.write(`  opens ${out.navigate.path}\n`);
}

async function run(args: string[], flags: Flags) {
  const text = args.join(' ').trim();
  if (!text) throw new UsageError('say something: booth ask "show me the new leads from this week"');
  const json = !!flags.json;
  const settings = assistantSettings();
  const logger = createLogger('cli', process.env.LOG_LEVEL === 'debug' ? 'debug' : 'warn');
  const { RulePlanner, createAssistant, createPlanner } = await import('@booth/assistant');
  const day = today(flags) ?? new Date().toLocaleDateString('en-CA');

  if (flags['dry-run']) {
    const planner = createPlanner(settings, { rules: new RulePlanner(), logger });
    const plan = await planner.plan(text, { today: day });
    const out: AskOutput =
      plan.kind === 'call'
        ? {
            reply: `would run ${plan.call.tool}`,
            actions: [{ tool: plan.call.tool, args: plan.call.args, confirm: isWriteTool(plan.call.tool) }],
            navigate:
              plan.call.tool === 'navigate'
                ? { path: ROUTE_PATHS[plan.call.args.route], highlight: null }
                : null,
            planner: planner.name,
          }
        : {
            reply: plan.kind === 'reply' ? plan.text : `invalid ${plan.tool}: ${plan.reason}`,
            actions: [],
            navigate: null,
            planner: planner.name,
          };
    print(out, json);
    return;
  }

  const { createDb } = await import('@booth/db');
  const db = createDb({ url: parseDatabaseUrl(process.env), poolSize: 2 });
  try {
    const email = typeof flags.as === 'string' ? flags.as.toLowerCase() : undefined;
    const admin = email
      ? await db.adminUser.findUnique({ where: { email } })
      : await db.adminUser.findFirst({ orderBy: [{ role: 'asc' }, { createdAt: 'asc' }] });
    if (!admin)
      throw new UsageError(email ? `no admin ${email}` : 'no admin yet: booth admin create --email …');
    const assistant = createAssistant({ config: settings, db, logger });
    const turn = await assistant.turn({ adminId: admin.id, text, source: 'cli', today: day });
    let reply = turn.reply;
    const actions: AskOutput['actions'] = reply.actions.map((a) => ({
      tool: a.tool,
      args: a.args,
      confirm: a.status === 'proposed',
      status: a.status,
    }));
    if (flags.yes) {
      for (const [i, a] of reply.actions.entries()) {
        if (a.status !== 'proposed') continue;
        const d = await assistant.confirm(admin.id, a.id);
        actions[i] = { tool: a.tool, args: d.action.args, confirm: false, status: d.action.status };
        reply = { ...d.reply, text: `${reply.text}\n${d.reply.text}` };
      }
    }
    print({ reply: reply.text, actions, navigate: reply.navigate, planner: assistant.planner.name }, json);
  } finally {
    await db.$disconnect();
  }
}

export const askCommand: Command = {
  name: 'ask',
  usage: 'ask "TEXT" [--json] [--dry-run] [--as EMAIL] [--today YYYY-MM-DD] [--yes]',
  options: {
    json: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    as: { type: 'string' },
    today: { type: 'string' },
    yes: { type: 'boolean' },
  },
  run,
  load: () => import('@booth/assistant'),
};
