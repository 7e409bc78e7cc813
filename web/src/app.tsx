import { useEffect } from 'react';
import { AssistantProvider } from './assistant/assistant-provider';
import { Shell } from './components/shell';
import { LoginPage } from './pages/login';
import { NotFoundPage } from './pages/not-found';
import { PUBLIC_ROUTES } from './pages/public-routes';
import { matchPath, useLocation } from './router';
import { ROUTES } from './routes';
import { SessionProvider, useSession } from './session';

function resolve(routes: typeof ROUTES, path: string) {
  for (const r of routes) {
    const params = matchPath(r.pattern, path);
    if (params) return { route: r, params };
  }
  return undefined;
}

function Dashboard() {
  const { admin } = useSession();
  const { path } = useLocation();
  const hit = resolve(ROUTES, path);
  const title = hit ? `${hit.route.title} · Booth` : 'Booth';
  useEffect(() => {
    document.title = title;
  }, [title]);
  if (admin === undefined) return <p className="loading">Loading…</p>;
  if (admin === null) return <LoginPage />;
  const Page = hit?.route.page;
  return (
    <AssistantProvider>
      <Shell>{Page ? <Page key={path} params={hit.params} /> : <NotFoundPage />}</Shell>
    </AssistantProvider>
  );
}

/** The app: public pages (client join, first-admin setup) without sign-in, the dashboard behind it. */
export function App() {
  const { path } = useLocation();
  const pub = resolve(PUBLIC_ROUTES, path);
  if (pub) {
    const Page = pub.route.page;
    return <Page params={pub.params} />;
  }
  return (
    <SessionProvider>
      <Dashboard />
    </SessionProvider>
  );
}
