import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { authApi, type Admin } from '@booth/shared/api';
import { ApiError, SIGNED_OUT_EVENT, call } from './api/client';

interface SessionState {
  /** undefined while the first check runs; null when signed out. */
  admin: Admin | null | undefined;
  signIn: (email: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
  /** After first-admin setup signed someone in. */
  refresh: () => Promise<void>;
}

const SessionContext = createContext<SessionState | undefined>(undefined);

/** Who is signed in (GET /api/auth/me), for every page below it. A 401 anywhere signs the page out. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [admin, setAdmin] = useState<Admin | null | undefined>(undefined);
  const refresh = useCallback(async () => {
    try {
      setAdmin(await call(authApi.me, {}));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setAdmin(null);
      else throw err;
    }
  }, []);
  useEffect(() => {
    refresh().catch(() => setAdmin(null));
    const out = () => setAdmin(null);
    window.addEventListener(SIGNED_OUT_EVENT, out);
    return () => window.removeEventListener(SIGNED_OUT_EVENT, out);
  }, [refresh]);
  const signIn = useCallback(async (email: string, password: string) => {
    setAdmin(await call(authApi.login, { body: { email, password } }));
  }, []);
  const signOut = useCallback(async () => {
    await call(authApi.logout, {}).catch(() => undefined);
    setAdmin(null);
  }, []);
  return (
    <SessionContext.Provider value={{ admin, signIn, signOut, refresh }}>{children}</SessionContext.Provider>
  );
}

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** The signed-in admin (only under the signed-in shell). */
export function useAdmin(): Admin {
  const { admin } = useSession();
  if (!admin) throw new Error('useAdmin while signed out');
  return admin;
}
