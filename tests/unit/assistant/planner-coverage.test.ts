import { describe, expect, it } from 'vitest';
import { RulePlanner, type Plan } from '@booth/assistant';
import { TOOL_NAMES, WRITE_TOOLS, validateToolCall, type ToolName } from '@booth/shared/api';
import { ASSISTANT_KNOWN_GAPS, ASSISTANT_PHRASINGS } from '../../fixtures/assistant-phrasings';

const planner = new RulePlanner();
const TODAY = '2026-12-02';
const plan = (text: string): Plan => planner.planUtterance(text, { today: TODAY });
const toolOf = (p: Plan) => (p.kind === 'call' ? p.call.tool : undefined);

describe('the phrasings fixture', () => {
  it('is large and varied: 120+ phrasings, each tool said several ways, some non-commands', () => {
    expect(ASSISTANT_PHRASINGS.length).toBeGreaterThanOrEqual(120);
    const perTool = new Map<ToolName | 'reply', number>();
    for (const p of ASSISTANT_PHRASINGS) {
      const key = 'reply' in p.expect ? 'reply' : p.expect.tool;
      perTool.set(key, (perTool.get(key) ?? 0) + 1);
    }
    for (const tool of TOOL_NAMES) expect(perTool.get(tool) ?? 0, tool).toBeGreaterThanOrEqual(4);
    expect(perTool.get('reply') ?? 0).toBeGreaterThanOrEqual(8);
  });

  it('says each phrasing once (per day) and expects only valid calls', () => {
    const seen = new Set<string>();
    for (const p of [...ASSISTANT_PHRASINGS, ...ASSISTANT_KNOWN_GAPS]) {
      const key = `${p.today} ${p.text}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
      if (!('reply' in p.expect))
        expect(validateToolCall(p.expect.tool, p.expect.args).ok, p.text).toBe(true);
    }
  });

  it('plans 100% of it right', () => {
    const wrong = ASSISTANT_PHRASINGS.filter((p) => {
      const got = planner.planUtterance(p.text, { today: p.today });
      if ('reply' in p.expect) return got.kind !== 'reply';
      return got.kind !== 'call' || JSON.stringify(got.call) !== JSON.stringify(p.expect);
    }).map((p) => p.text);
    expect(wrong).toEqual([]);
  });
});

describe('rules planner', () => {
  it('is named rules and plans the same asynchronously', async () => {
    expect(planner.name).toBe('rules');
    for (const p of ASSISTANT_PHRASINGS.slice(0, 20)) {
      expect(await planner.plan(p.text, { today: p.today })).toEqual(
        planner.planUtterance(p.text, { today: p.today }),
      );
    }
  });

  it('reaches every write tool', () => {
    const reached = new Set(
      ASSISTANT_PHRASINGS.map((p) => toolOf(planner.planUtterance(p.text, { today: p.today }))),
    );
    for (const tool of WRITE_TOOLS) expect(reached.has(tool), tool).toBe(true);
    for (const tool of TOOL_NAMES) expect(reached.has(tool), tool).toBe(true);
  });

  it('only ever returns calls that validate', () => {
    const odd = [
      'mark',
      'open',
      'note',
      'todo:',
      'remind me to',
      'set up a consultation with',
      'search calls for',
      'mark ' + 'x'.repeat(300) + ' as booked',
      'add a note to Sarah: ' + 'y'.repeat(3000),
      'leads since February 30th',
      'tasks due 0000-01-01',
      '\u0000',
      'open \ud800',
    ];
    for (const text of [...ASSISTANT_PHRASINGS.map((p) => p.text), ...odd]) {
      const p = plan(text);
      expect(['call', 'reply']).toContain(p.kind);
      if (p.kind === 'call') expect(validateToolCall(p.call.tool, p.call.args).ok, text).toBe(true);
      if (p.kind === 'reply') expect(p.text.length).toBeGreaterThan(0);
    }
  });

  it('asks for what is missing instead of planning an invalid call', () => {
    expect(plan('Mark as booked.')).toEqual({ kind: 'reply', text: 'Who should I mark as booked?' });
    expect(plan('set them to lost')).toEqual({ kind: 'reply', text: 'Who should I mark as lost?' });
    expect(plan('add a note')).toEqual({ kind: 'reply', text: 'What should the note say?' });
    expect(plan('add a note: wants uplighting')).toEqual({
      kind: 'reply',
      text: 'Which contact should I add the note to?',
    });
    expect(plan('open the quote')).toEqual({ kind: 'reply', text: 'Whose quote should I open?' });
    expect(plan('open the invoice')).toEqual({ kind: 'reply', text: 'Whose invoice should I open?' });
    expect(plan('open contact')).toEqual({ kind: 'reply', text: 'Whose contact should I open?' });
    expect(plan('set up a consultation')).toEqual({
      kind: 'reply',
      text: 'Who should I set up the consultation with?',
    });
  });

  it('answers what it does not understand with examples of what it can do', () => {
    const p = plan("what's the weather");
    expect(p.kind).toBe('reply');
    if (p.kind === 'reply') {
      expect(p.text).toMatch(/mark Sarah as booked/);
      expect(p.text).toMatch(/new leads/);
    }
    const help = plan('Hey Booth, what can you do?');
    expect(help.kind === 'reply' && /consultation/i.test(help.text)).toBe(true);
  });

  it('does not let the wake phrase, fillers or punctuation change the plan', () => {
    const base = plan('mark Sarah as booked');
    for (const said of [
      'Mark Sarah as booked.',
      'Hey Booth, mark Sarah as booked.',
      'hey boot mark Sarah as booked',
      'Booth, um, mark Sarah as booked!',
      'OK Booth, can you please mark Sarah as booked?',
      'Hey, Booth. Could you mark Sarah as booked, please?',
      'so, uh, I want to mark Sarah as booked',
    ]) {
      expect(plan(said), said).toEqual(base);
    }
  });

  it('reads dates against ctx.today, not the clock', () => {
    const a = planner.planUtterance('new leads this week', { today: '2027-03-10' });
    expect(a).toEqual({
      kind: 'call',
      call: { tool: 'list_contacts', args: { leadStatus: 'new', since: '2027-03-08' } },
    });
    const b = planner.planUtterance('remind me to call Sarah tomorrow', { today: '2026-12-31' });
    expect(b.kind === 'call' && b.call.args).toEqual({
      name: 'Sarah',
      text: 'call Sarah',
      due: '2027-01-01',
    });
  });
});
