import { describe, expect, it } from 'vitest';
import type { AssistantAction, AssistantMessage, ParticipantView } from '@booth/shared/api';
import { peopleOf } from '../../../web/src/components/call-people';
import { upsert, withAction } from '../../../web/src/collaboration/shared-messages';

/** The collaboration pages' pure parts: who took part, and the shared session's message list. */
const participant = (p: Partial<ParticipantView> & { identity: string }): ParticipantView => ({
  id: p.identity,
  sessionId: 's',
  adminId: null,
  name: null,
  role: 'client',
  listenOnly: false,
  joinedAt: '2026-12-03T10:00:00.000Z',
  leftAt: null,
  ...p,
});

describe('peopleOf', () => {
  it('lists each admin once however many tabs, marks one who only listened, and leaves agents out', () => {
    const people = peopleOf([
      participant({ identity: 'admin-a-1', adminId: 'a', name: 'Ana', role: 'admin' }),
      participant({ identity: 'admin-a-2', adminId: 'a', name: 'Ana', role: 'admin' }),
      participant({ identity: 'admin-b-1', adminId: 'b', name: 'Bea', role: 'admin', listenOnly: true }),
      participant({ identity: 'admin-c-1', adminId: 'c', name: 'Cy', role: 'admin', listenOnly: true }),
      participant({ identity: 'admin-c-2', adminId: 'c', name: 'Cy', role: 'admin' }),
      participant({ identity: 'client-x', name: 'Priya' }),
      participant({ identity: 'client-y' }),
      participant({ identity: 'booth-transcriber-1', role: 'agent', name: 'Booth' }),
    ]);
    expect(people.map((p) => [p.name, p.role, p.listenedIn])).toEqual([
      ['Ana', 'admin', false],
      ['Bea', 'admin', true],
      // Listened in, then joined properly: a participant, not a listener.
      ['Cy', 'admin', false],
      ['Priya', 'client', false],
      ['A guest', 'client', false],
    ]);
  });
});

const action = (id: string, status: AssistantAction['status']): AssistantAction => ({
  id,
  adminId: 'a',
  tool: 'update_lead_status',
  args: {},
  summary: 'Mark Priya as booked',
  status,
  result: null,
  error: null,
  createdAt: '2026-12-03T10:00:01.000Z',
  decidedAt: null,
});
const message = (id: string, at: string, actions: AssistantAction[] = []): AssistantMessage => ({
  id,
  role: 'assistant',
  author: null,
  text: id,
  source: 'typed',
  speech: null,
  items: [],
  choices: [],
  navigate: null,
  actions,
  createdAt: at,
});

describe('the shared session list', () => {
  it('keeps each message once, in time order, whichever way it arrived', () => {
    const a = message('m1', '2026-12-03T10:00:00.000Z');
    const b = message('m2', '2026-12-03T10:00:02.000Z');
    const c = message('m3', '2026-12-03T10:00:01.000Z');
    const list = upsert(upsert([], b), a, c);
    expect(list.map((m) => m.id)).toEqual(['m1', 'm3', 'm2']);
    // The same message again (the API's answer, then the room's event) replaces, never doubles.
    const again = upsert(list, { ...c, text: 'newer' });
    expect(again.map((m) => m.text)).toEqual(['m1', 'newer', 'm2']);
  });

  it('puts a decided action in the message that proposed it', () => {
    const list = [
      message('m1', '2026-12-03T10:00:00.000Z', [action('x', 'proposed')]),
      message('m2', '2026-12-03T10:00:01.000Z'),
    ];
    const done = withAction(list, action('x', 'done'));
    expect(done[0]!.actions.map((a) => a.status)).toEqual(['done']);
    expect(done[1]).toBe(list[1]);
    expect(withAction(list, action('y', 'done'))).toEqual(list);
  });
});
