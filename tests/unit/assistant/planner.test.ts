import { describe, expect, it } from 'vitest';
import { RulePlanner } from '@booth/assistant';
import { WRITE_TOOLS, TOOL_NAMES, validateToolCall } from '@booth/shared/api';
import { ASSISTANT_KNOWN_GAPS, ASSISTANT_PHRASINGS } from '../../fixtures/assistant-phrasings';

const planner = new RulePlanner();

describe('rules planner: the phrasings fixture', () => {
  it.each(ASSISTANT_PHRASINGS.map((p) => [p.text, p] as const))('%s', (_text, p) => {
    const plan = planner.planUtterance(p.text, { today: p.today });
    if ('reply' in p.expect) {
      expect(plan.kind).toBe('reply');
    } else {
      expect(plan).toEqual({ kind: 'call', call: p.expect });
    }
  });
});
