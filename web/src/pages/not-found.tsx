import { Link } from '../router';

export function NotFoundPage() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. <Link to="/">Go to the home screen</Link>.
      </p>
    </section>
  );
}
