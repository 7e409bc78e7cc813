// Booth admin dashboard: calls, transcripts, contacts and transcript search over the Booth API.
const view = document.getElementById('view');
const loginForm = document.getElementById('login');
const nav = document.getElementById('nav');

const esc = (s) =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );
const ms = (n) => {
  const s = Math.floor(n / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

async function api(path, init = {}) {
  const res = await fetch(path, {
    ...init,
    headers: { 'content-type': 'application/json', ...init.headers },
  });
  if (res.status === 401) {
    showLogin();
    throw new Error('signed out');
  }
  const body = await res.json();
  if (!res.ok) throw new Error(body.error ?? res.statusText);
  return body;
}

function showLogin() {
  nav.hidden = true;
  view.innerHTML = '';
  loginForm.hidden = false;
}

loginForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  const data = Object.fromEntries(new FormData(loginForm));
  const res = await fetch('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(data),
  });
  if (!res.ok) {
    document.getElementById('login-error').textContent = (await res.json()).error ?? 'Sign-in failed';
    return;
  }
  loginForm.hidden = true;
  route();
});

document.getElementById('logout').addEventListener('click', async () => {
  await fetch('/api/auth/logout', { method: 'POST' });
  showLogin();
});

document.getElementById('search-form').addEventListener('submit', (e) => {
  e.preventDefault();
  location.hash = `#/search/${encodeURIComponent(document.getElementById('search').value)}`;
});

const views = {
  async sessions() {
    const { sessions } = await api('/api/sessions');
    view.innerHTML = `<h2>Calls and rooms</h2><table><tr><th>Room</th><th>Kind</th><th>Status</th><th>Started</th></tr>${sessions
      .map(
        (s) =>
          `<tr><td><a href="#/sessions/${esc(s.id)}">${esc(s.roomName)}</a></td><td>${esc(s.kind)}</td><td>${esc(
            s.status,
          )}</td><td>${esc(s.startedAt ?? '')}</td></tr>`,
      )
      .join('')}</table>`;
  },
  async session(id, atMs) {
    const [s, t] = await Promise.all([api(`/api/sessions/${id}`), api(`/api/sessions/${id}/transcript`)]);
    const analysis = s.analysis
      ? `<h3>Analysis (${esc(s.analysis.status)})</h3><p>${esc(s.analysis.summary ?? s.analysis.error ?? '')}</p>`
      : '';
    const at = atMs === undefined ? undefined : Number(atMs);
    // Words carry their own times: the one said at `at` (a search hit) is highlighted.
    const words = (g) =>
      g.words?.length
        ? g.words
            .map((w) => {
              const hit = at !== undefined && w.startMs <= at && at <= Math.max(w.endMs, w.startMs);
              return `<span data-ms="${w.startMs}"${hit ? ' class="hit"' : ''}>${esc(w.text)}</span>`;
            })
            .join(' ')
        : esc(g.text);
    const rows = [
      ...t.segments.map((g) => ({
        at: g.startMs,
        html: `<div class="segment"><time>${ms(g.startMs)}</time><span class="who">${esc(g.speakerIdentity)}</span>${words(g)}</div>`,
      })),
      ...(s.gaps ?? []).map((g) => ({
        at: g.fromMs,
        html: `<div class="gap">not transcribed ${ms(g.fromMs)}–${ms(g.toMs)} (${esc(g.reason)})</div>`,
      })),
    ].sort((a, b) => a.at - b.at);
    view.innerHTML = `<h2>${esc(s.roomName)}</h2><p>${esc(s.kind)} · ${esc(s.status)}</p>${analysis}<h3>Transcript</h3>${
      rows.map((r) => r.html).join('') || '<p>No speech transcribed yet.</p>'
    }`;
    view.querySelector('.hit')?.scrollIntoView({ block: 'center' });
  },
  async vocabulary() {
    const { terms } = await api('/api/vocabulary');
    view.innerHTML = `<h2>Vocabulary</h2><p>Venue, package and staff names Whisper should spell right, one per line. Used by calls that start after saving.</p>
      <form id="vocabulary"><textarea name="terms" rows="12" cols="40">${esc(terms.join('\n'))}</textarea><br><button>Save</button> <span id="vocabulary-status"></span></form>`;
    document.getElementById('vocabulary').addEventListener('submit', async (e) => {
      e.preventDefault();
      const list = new FormData(e.target)
        .get('terms')
        .split('\n')
        .map((t) => t.trim())
        .filter(Boolean);
      const status = document.getElementById('vocabulary-status');
      try {
        const saved = await api('/api/vocabulary', { method: 'PUT', body: JSON.stringify({ terms: list }) });
        status.textContent = `Saved ${saved.terms.length} terms.`;
      } catch (err) {
        status.textContent = err.message;
      }
    });
  },
  async contacts() {
    const { contacts } = await api('/api/contacts');
    view.innerHTML = `<h2>Contacts</h2><table><tr><th>Name</th><th>Status</th><th>Event</th><th>Date</th><th>Guests</th><th>Venue</th></tr>${contacts
      .map(
        (c) =>
          `<tr><td><a href="#/contacts/${esc(c.id)}">${esc(c.name)}</a></td><td>${esc(c.leadStatus)}</td><td>${esc(
            c.eventType,
          )}</td><td>${esc(c.eventDate?.slice(0, 10))}</td><td>${esc(c.guestCount)}</td><td>${esc(c.venue)}</td></tr>`,
      )
      .join('')}</table>`;
  },
  async contact(id) {
    const c = await api(`/api/contacts/${id}`);
    view.innerHTML = `<h2>${esc(c.name)}</h2><p>${esc(c.phone)} · ${esc(c.email)} · ${esc(c.leadStatus)} · ${esc(
      c.sentiment,
    )}</p><h3>Notes</h3>${(c.notes ?? []).map((n) => `<div class="segment">${esc(n.body)}</div>`).join('')}<h3>Calls</h3>${(
      c.sessions ?? []
    )
      .map((s) => `<div><a href="#/sessions/${esc(s.id)}">${esc(s.roomName)}</a> ${esc(s.status)}</div>`)
      .join('')}`;
  },
  async search(q) {
    const { results } = await api(`/api/transcripts/search?q=${encodeURIComponent(q)}`);
    // ts_headline marks matches with <b>…</b>; everything else is escaped.
    const snippet = (s) =>
      esc(s)
        .replace(/&lt;b&gt;/g, '<mark>')
        .replace(/&lt;\/b&gt;/g, '</mark>');
    view.innerHTML = `<h2>Transcripts matching “${esc(q)}”</h2>${
      results
        .map(
          (r) =>
            `<div class="segment"><a href="#/sessions/${esc(r.sessionId)}/${esc(r.atMs)}">${ms(r.atMs)}</a> <span class="who">${esc(
              r.speakerIdentity,
            )}</span>${snippet(r.snippet)}</div>`,
        )
        .join('') || '<p>No matches.</p>'
    }`;
  },
};

async function route() {
  const [, page = 'sessions', arg, extra] = location.hash.split('/');
  try {
    await api('/api/auth/me');
    nav.hidden = false;
    loginForm.hidden = true;
    if (page === 'sessions' && arg) await views.session(arg, extra);
    else if (page === 'vocabulary') await views.vocabulary();
    else if (page === 'contacts' && arg) await views.contact(arg);
    else if (page === 'search' && arg) await views.search(decodeURIComponent(arg));
    else if (page === 'contacts') await views.contacts();
    else await views.sessions();
  } catch (err) {
    if (err.message !== 'signed out') view.innerHTML = `<p class="error">${esc(err.message)}</p>`;
  }
}

window.addEventListener('hashchange', route);
route();
