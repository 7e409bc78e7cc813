import type { Db } from './client';
import { MIN_ADMIN_PASSWORD } from '@booth/shared/api';
import { hashPassword } from './password';

export { MIN_ADMIN_PASSWORD };

export interface NewAdmin {
  email: string;
  password: string;
  /** Default: the part of the email before the @. */
  name?: string;
  /** Default 'admin'; the first admin of an install is the 'owner'. */
  role?: 'owner' | 'admin';
}

export class AdminExistsError extends Error {
  constructor(email: string) {
    super(`an admin with the email ${email} already exists`);
    this.name = 'AdminExistsError';
  }
}

const normalise = (email: string) => email.trim().toLowerCase();

/** Creates an admin login (scrypt-hashed password); throws {@link AdminExistsError} for a taken email. */
export async function createAdmin(db: Db, input: NewAdmin) {
  const email = normalise(input.email);
  if (await db.adminUser.findUnique({ where: { email } })) throw new AdminExistsError(email);
  return db.adminUser.create({
    data: {
      email,
      name: input.name ?? email.split('@')[0] ?? email,
      role: input.role ?? 'admin',
      passwordHash: await hashPassword(input.password),
    },
    select: { id: true, email: true, name: true, role: true },
  });
}

/**
 * The first admin of an install, created only while there is none (serialised by an advisory lock, so
 * two setup requests at once create one owner). Returns undefined when an admin already exists.
 */
export async function createFirstAdmin(db: Db, input: Omit<NewAdmin, 'role'>) {
  const passwordHash = await hashPassword(input.password);
  const email = normalise(input.email);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('booth:first-admin'))`;
    if ((await tx.adminUser.count()) > 0) return undefined;
    return tx.adminUser.create({
      data: { email, name: input.name ?? email.split('@')[0] ?? email, role: 'owner', passwordHash },
      select: { id: true, email: true, name: true, role: true },
    });
  });
}

/** Sets a new password and ends every login session of that admin. False when there is no such admin. */
export async function resetAdminPassword(db: Db, email: string, password: string): Promise<boolean> {
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    const user = await tx.adminUser.findUnique({ where: { email: normalise(email) } });
    if (!user) return false;
    await tx.adminUser.update({ where: { id: user.id }, data: { passwordHash } });
    await tx.authSession.deleteMany({ where: { userId: user.id } });
    return true;
  });
}
