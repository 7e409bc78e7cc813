// First-admin setup: posts the token from the link's fragment with the new login, then opens the dashboard.
const form = document.getElementById('setup');
const error = document.getElementById('setup-error');
const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? '';

const status = await fetch('/api/auth/setup').then((r) => r.json());
if (!status.needed) location.replace('/');
if (!token) error.textContent = 'This page needs the setup link printed in the API log.';

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const data = Object.fromEntries(new FormData(form));
  if (!data.name) delete data.name;
  const res = await fetch('/api/auth/setup', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...data, token }),
  });
  if (!res.ok) {
    const body = await res.json().catch(() => ({}));
    const issue = body.issues?.[0];
    error.textContent = issue ? `${issue.path}: ${issue.message}` : (body.error ?? 'Setup failed');
    return;
  }
  location.replace('/');
});
