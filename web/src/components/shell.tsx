import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, navigate, useLocation } from '../router';
import { NAV } from '../routes';
import { useSession } from '../session';
import { HeaderLive } from '../live/header-live';
import { NotificationsProvider } from '../live/notifications';
import { AssistantDock } from '../assistant/assistant-dock';
import { AssistantPanel } from '../assistant/assistant-panel';

/**
 * The signed-in frame: skip link, header (nav, search, live status), the page; all under the live
 * notifications (booth-notifications), so pages can follow them (useNotificationEvents); the
 * assistant's panel and dock on every page (under the app's AssistantProvider).
 */
export function Shell({ children }: { children: ReactNode }) {
  const { signOut } = useSession();
  const { path } = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const search = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const q = String(new FormData(e.currentTarget).get('q') ?? '').trim();
    if (q) navigate(`/search?q=${encodeURIComponent(q)}`);
  };
  const current = (to: string) => (to === '/' ? path === '/' : path === to || path.startsWith(`${to}/`));
  return (
    <NotificationsProvider>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <Link to="/" className="brand">
          Booth
        </Link>
        <button
          type="button"
          className="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="nav"
          onClick={() => setMenuOpen((o) => !o)}
        >
          Menu
        </button>
        <nav id="nav" aria-label="Main" className={menuOpen ? 'open' : undefined}>
          {NAV.map((n) => (
            <Link
              key={n.to}
              to={n.to}
              aria-current={current(n.to) ? 'page' : undefined}
              onClick={() => setMenuOpen(false)}
            >
              {n.label}
            </Link>
          ))}
        </nav>
        <form id="search-form" role="search" onSubmit={search}>
          <input name="q" type="search" placeholder="Search transcripts" aria-label="Search transcripts" />
        </form>
        <HeaderLive />
        <button id="logout" type="button" onClick={() => void signOut()}>
          Log out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <AssistantPanel />
      <AssistantDock />
    </NotificationsProvider>
  );
}
