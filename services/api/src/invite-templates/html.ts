/** What the HTML emails share: escaping, the page around the paragraphs, the big link button. */

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A link as a button, with the address written out under it (for mail clients that hide buttons). */
export const linkButton = (href: string, label: string) =>
  `<p><a href="${escapeHtml(href)}" style="display: inline-block; padding: 0.6em 1.2em; background: #1d4ed8; color: #fff; text-decoration: none; border-radius: 6px">${escapeHtml(label)}</a></p>
<p style="word-break: break-all; font-size: 0.9em">${escapeHtml(href)}</p>`;

/** An email's HTML document around its (already escaped) body. */
export const emailPage = (body: string) => `<!doctype html>
<html><body style="font-family: sans-serif; line-height: 1.5; max-width: 36rem">
${body}
</body></html>
`;
