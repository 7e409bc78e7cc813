import { describe, expect, it } from 'vitest';
import { adminIdOf, adminIdentity, clientIdentity, isAdminIdentity, speakerOf } from '@booth/shared';

describe('participant identities', () => {
  it('give each admin connection its own identity, mapping back to the admin', () => {
    const id = 'cmx53880r00009f7ddhz4xgzr';
    const [a, b] = [adminIdentity(id), adminIdentity(id)];
    expect(a).not.toBe(b);
    expect(a).toMatch(new RegExp(`^admin-${id}-[0-9a-f]{8}$`));
    expect([adminIdOf(a), adminIdOf(b)]).toEqual([id, id]);
    expect([speakerOf(a), speakerOf(b)]).toEqual([`admin-${id}`, `admin-${id}`]);
    // Ids with dashes of their own still come back whole.
    expect(adminIdOf(adminIdentity('550e8400-e29b-41d4'))).toBe('550e8400-e29b-41d4');
  });

  it('still read the older one-per-admin form, and nobody else as an admin', () => {
    expect(adminIdOf('admin-1')).toBe('1');
    expect(speakerOf('admin-1')).toBe('admin-1');
    for (const other of [clientIdentity(), 'booth-transcriber-x1y2z3', 'caller', 'admin-', 'xadmin-1']) {
      expect(isAdminIdentity(other)).toBe(false);
      expect(speakerOf(other)).toBe(other);
    }
  });
});
