/**
 * Shared notes: `<SharedPad scope="session" | "contact" id={…} />`, a notes pad several admins edit
 * at the same time (a Yjs document kept by the API, live over the notifications room).
 */
export { SharedPad, type SharedPadProps } from './shared-pad';
export type { PadStatus } from './pad-sync';
