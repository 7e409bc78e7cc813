import type { ReactNode } from 'react';
import { Link } from '../router';

/**
 * A dashboard link from inside a live call: it opens in a new tab, so following it does not leave
 * (and hang up) the call.
 */
export function BesideCallLink({
  to,
  className,
  children,
}: {
  to: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <Link to={to} className={className} target="_blank" rel="noopener">
      {children}
    </Link>
  );
}
