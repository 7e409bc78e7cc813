import { z } from 'zod';
import { endpoint } from './contract';
import { emailAddress, safe, text } from './fields';

/** Shortest password an admin may set (the setup form, the CLI, @booth/db createAdmin). */
export const MIN_ADMIN_PASSWORD = 12;

export const adminSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: z.string(),
});
export type Admin = z.output<typeof adminSchema>;

const login = endpoint({
  method: 'POST',
  path: '/api/auth/login',
  summary: 'Sign in; sets the session cookie.',
  body: z.object({ email: emailAddress(), password: safe(z.string().min(1).max(1024)) }),
  response: adminSchema,
});

const setupStatus = endpoint({
  method: 'GET',
  path: '/api/auth/setup',
  summary: 'Whether the first admin still has to be created.',
  response: z.object({ needed: z.boolean() }),
});

const setup = endpoint({
  method: 'POST',
  path: '/api/auth/setup',
  status: 201,
  summary: 'Create the first admin with the setup link token; signs them in.',
  body: z.object({
    token: text(200, { min: 1, trim: false }),
    email: emailAddress(),
    name: text(100, { min: 1 }).optional(),
    password: safe(
      z.string().min(MIN_ADMIN_PASSWORD, `must be at least ${MIN_ADMIN_PASSWORD} characters`).max(1024),
    ),
  }),
  response: adminSchema,
});

const logout = endpoint({
  method: 'POST',
  path: '/api/auth/logout',
  summary: 'Sign out.',
  response: z.object({ ok: z.literal(true) }),
});

const me = endpoint({
  method: 'GET',
  path: '/api/auth/me',
  summary: 'The signed-in admin.',
  response: adminSchema,
});

/** The sign-in endpoints (/api/auth). */
export const authApi = { login, setupStatus, setup, logout, me };
