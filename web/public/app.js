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
    view.innerHTML = `<h2>Calls and rooms</h2><table><tr><th>Room</th><th>Kind</th><th>Status</th><th>Started</th><th>Client invite</th><th></th></tr>${sessions
      .map(
        (s) =>
          `<tr><td><a href="#/sessions/${esc(s.id)}">${esc(s.roomName)}</a></td><td>${esc(s.kind)}</td><td>${esc(
            s.status,
          )}</td><td>${esc(s.startedAt ?? '')}</td><td>${inviteHtml(s)}</td><td>${
            s.status === 'ended' ? '' : `<button type="button" data-end="${esc(s.id)}">End</button>`
          }</td></tr>`,
      )
      .join('')}</table><p id="invite-status"></p>`;
    const status = document.getElementById('invite-status');
    const act = async (path, init, done) => {
      try {
        done(await api(path, init));
      } catch (err) {
        status.textContent = err.message;
      }
    };
    view
      .querySelectorAll('[data-end]')
      .forEach((b) =>
        b.addEventListener('click', () =>
          act(`/api/sessions/${b.dataset.end}/end`, { method: 'POST', body: '{}' }, () => views.sessions()),
        ),
      );
    view
      .querySelectorAll('[data-revoke]')
      .forEach((b) =>
        b.addEventListener('click', () =>
          act(`/api/sessions/${b.dataset.revoke}/invite`, { method: 'DELETE' }, () => views.sessions()),
        ),
      );
    view.querySelectorAll('form.invite').forEach((f) =>
      f.addEventListener('submit', (e) => {
        e.preventDefault();
        const form = new FormData(f);
        const body = {};
        if (form.get('maxUses')) body.maxUses = Number(form.get('maxUses'));
        if (form.get('hours'))
          body.expiresAt = new Date(Date.now() + Number(form.get('hours')) * 3600_000).toISOString();
        act(
          `/api/sessions/${f.dataset.id}/invite`,
          { method: 'POST', body: JSON.stringify(body) },
          async (r) => {
            await views.sessions();
            document.getElementById('invite-status').textContent =
              `New invite link (shown once): ${r.joinUrl}`;
          },
        );
      }),
    );
  },
  async session(id, atMs) {
    const [s, t] = await Promise.all([api(`/api/sessions/${id}`), api(`/api/sessions/${id}/transcript`)]);
    const analysis = s.analysis ? analysisHtml(s.analysis) : '';
    const suggestions = (s.suggestions ?? []).length
      ? `<h3>Suggestions during the call</h3><ul>${s.suggestions
          .map((g) => `<li><time>${ms(g.atMs)}</time> ${esc(g.text)} <q>${esc(g.quote)}</q></li>`)
          .join('')}</ul>`
      : '';
    const tasks = (s.tasks ?? []).length
      ? `<h3>Tasks</h3><ul>${s.tasks
          .map(
            (k) =>
              `<li>[${esc(k.owner)}] ${esc(k.title)}${k.dueDate ? ` (due ${esc(k.dueDate.slice(0, 10))})` : ''}</li>`,
          )
          .join('')}</ul>`
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
    view.innerHTML = `<h2>${esc(s.roomName)}</h2><p>${esc(s.kind)} · ${esc(s.status)}</p>${analysis}${tasks}${suggestions}<h3>Transcript</h3>${
      rows.map((r) => r.html).join('') || '<p>No speech transcribed yet.</p>'
    }`;
    view.querySelector('.hit')?.scrollIntoView({ block: 'center' });
    document.getElementById('reanalyse')?.addEventListener('click', async (e) => {
      e.target.disabled = true;
      try {
        await api(`/api/sessions/${id}/analysis`, { method: 'POST', body: '{}' });
        e.target.textContent = 'Queued';
      } catch (err) {
        e.target.textContent = err.message;
      }
    });
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
    const manual = new Set(c.manualFields ?? []);
    const field = (name, label, value, type = 'text') =>
      `<label>${label}${manual.has(name) ? ' ✎' : ''} <input name="${name}" type="${type}" value="${esc(value ?? '')}" /></label>`;
    view.innerHTML = `<h2>${esc(c.name)}</h2><p>${esc(c.phone)} · ${esc(c.email)} · ${esc(c.leadStatus)} · ${esc(
      c.sentiment,
    )}</p>
      <form id="contact-edit">${field('eventType', 'Event', c.eventType)} ${field('eventDate', 'Date', c.eventDate?.slice(0, 10), 'date')} ${field(
        'guestCount',
        'Guests',
        c.guestCount,
        'number',
      )} ${field('venue', 'Venue', c.venue)} <button>Save</button> <span id="contact-status"></span>
      <p class="hint">✎ set by hand: call analysis leaves these alone.</p></form>
      <h3>Notes</h3>${(c.notes ?? []).map((n) => `<div class="segment note">${esc(n.body)}</div>`).join('')}
      <h3>Tasks</h3><ul>${(c.tasks ?? [])
        .map(
          (k) =>
            `<li>[${esc(k.owner)}] ${esc(k.title)}${k.dueDate ? ` (due ${esc(k.dueDate.slice(0, 10))})` : ''}</li>`,
        )
        .join('')}</ul>
      <h3>Calls</h3>${(c.sessions ?? [])
        .map((s) => `<div><a href="#/sessions/${esc(s.id)}">${esc(s.roomName)}</a> ${esc(s.status)}</div>`)
        .join('')}
      <h3>History</h3><table><tr><th>When</th><th>Field</th><th>From</th><th>To</th><th>By</th><th></th></tr>${(
        c.changes ?? []
      )
        .map(
          (h) =>
            `<tr><td>${esc(h.createdAt.slice(0, 16).replace('T', ' '))}</td><td>${esc(h.field)}</td><td>${esc(
              JSON.stringify(h.oldValue ?? null),
            )}</td><td>${esc(JSON.stringify(h.newValue ?? null))}</td><td>${esc(h.source)}</td><td>${
              h.applied ? '' : esc(h.reason ?? 'not applied')
            }</td></tr>`,
        )
        .join('')}</table>`;
    document.getElementById('contact-edit').addEventListener('submit', async (e) => {
      e.preventDefault();
      const form = new FormData(e.target);
      const body = {};
      for (const [k, v] of form.entries()) {
        const value = String(v).trim();
        const before = k === 'eventDate' ? c.eventDate?.slice(0, 10) : c[k];
        if (value === String(before ?? '')) continue;
        body[k] = value === '' ? null : k === 'guestCount' ? Number(value) : value;
      }
      const status = document.getElementById('contact-status');
      if (!Object.keys(body).length) return void (status.textContent = 'Nothing changed.');
      try {
        await api(`/api/contacts/${id}`, { method: 'PATCH', body: JSON.stringify(body) });
        await views.contact(id);
      } catch (err) {
        status.textContent = err.message;
      }
    });
  },
  async notifications() {
    const { notifications } = await api('/api/notifications?limit=100');
    view.innerHTML = `<h2>Notifications</h2><button id="read-all" type="button">Mark all read</button><ul class="notifications">${notifications
      .map(
        (n) =>
          `<li class="${n.readAt ? '' : 'unread'}"><time>${esc(n.createdAt.slice(0, 16).replace('T', ' '))}</time> ${esc(n.title)}${
            n.sessionId ? ` · <a href="#/sessions/${esc(n.sessionId)}">call</a>` : ''
          }${n.contactId ? ` · <a href="#/contacts/${esc(n.contactId)}">contact</a>` : ''}${n.body ? `<div>${esc(n.body)}</div>` : ''}</li>`,
      )
      .join('')}</ul>`;
    document.getElementById('read-all').addEventListener('click', async () => {
      await api('/api/notifications/read', { method: 'POST', body: '{}' });
      await views.notifications();
      await refreshUnread();
    });
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

/** A consultation's client invite: uses, expiry or revocation, and the controls to revoke or replace it. */
function inviteHtml(s) {
  if (s.kind !== 'consultation') return '';
  const expired = s.inviteExpiresAt && new Date(s.inviteExpiresAt) <= new Date();
  const usedUp = s.inviteMaxUses !== null && s.inviteUses >= s.inviteMaxUses;
  const state = s.inviteRevokedAt
    ? 'revoked'
    : expired
      ? 'expired'
      : `${s.inviteUses}/${s.inviteMaxUses ?? '∞'} uses${usedUp ? ' (used up)' : ''}${
          s.inviteExpiresAt ? `, until ${esc(s.inviteExpiresAt.slice(0, 16).replace('T', ' '))}` : ''
        }`;
  if (s.status === 'ended') return state;
  const revoke =
    s.inviteRevokedAt || expired ? '' : ` <button type="button" data-revoke="${esc(s.id)}">Revoke</button>`;
  return `${state}${revoke}<form class="invite" data-id="${esc(s.id)}"><input name="maxUses" type="number" min="1" max="1000" placeholder="max uses" /> <input name="hours" type="number" min="1" placeholder="valid hours" /> <button>New invite</button></form>`;
}

/** The analysis of a call: note, fields with the sentence each came from, what was dropped. */
function analysisHtml(a) {
  if (a.status !== 'completed') {
    const retry = a.status === 'failed' ? ' <button id="reanalyse" type="button">Analyse again</button>' : '';
    return `<h3>Analysis (${esc(a.status)})</h3><p>${esc(a.error ?? '')}${retry}</p>`;
  }
  const f = a.extractedFields ?? {};
  const ev = f.evidence ?? {};
  const row = (label, key, value) =>
    value === null || value === undefined
      ? ''
      : `<tr><th>${label}</th><td>${esc(value)}</td><td><q>${esc(ev[key] ?? '')}</q></td></tr>`;
  const dropped = (f.dropped ?? []).length
    ? `<details><summary>${f.dropped.length} proposal(s) not kept</summary><ul>${f.dropped
        .map((d) => `<li>${esc(d.field)}: ${esc(JSON.stringify(d.value))} (${esc(d.reason)})</li>`)
        .join('')}</ul></details>`
    : '';
  return `<h3>Analysis (${esc(a.provider ?? '')}${a.model ? ` ${esc(a.model)}` : ''})</h3><p>${esc(a.summary)}</p>
    <table>${row('Event', 'eventType', f.eventType)}${row('Date', 'eventDate', f.eventDate)}${row('Guests', 'guestCount', f.guestCount)}${row(
      'Venue',
      'venue',
      f.venue,
    )}${row('Budget', 'budget', f.budget)}<tr><th>Sentiment</th><td>${esc(a.sentiment)}</td><td>${esc(a.sentimentReason ?? '')}</td></tr><tr><th>Lead status</th><td>${esc(
      a.leadStatus,
    )}</td><td></td></tr></table>${(f.flags ?? []).map((x) => `<p class="error">${esc(x)}</p>`).join('')}${dropped}`;
}

/** Unread notifications in the nav; polled, since the dashboard has no LiveKit client. */
async function refreshUnread() {
  try {
    const { unread } = await api('/api/notifications?limit=1&unread=true');
    document.getElementById('unread').textContent = unread ? `(${unread})` : '';
  } catch {
    // signed out or offline: the next poll tries again
  }
}
window.setInterval(refreshUnread, 15_000);

async function route() {
  const [, page = 'sessions', arg, extra] = location.hash.split('/');
  try {
    await api('/api/auth/me');
    nav.hidden = false;
    loginForm.hidden = true;
    void refreshUnread();
    if (page === 'sessions' && arg) await views.session(arg, extra);
    else if (page === 'vocabulary') await views.vocabulary();
    else if (page === 'notifications') await views.notifications();
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
