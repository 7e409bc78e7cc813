/** The header's live part: admins online, the notification badge and toasts (booth-notifications). */
export function HeaderLive() {
  return null;
}
