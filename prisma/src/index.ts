export { createDb, type Db, type DbOptions } from './client';
export { migrate, MIGRATIONS_DIR, type MigrateResult } from './migrate';
export { hashPassword, verifyPassword } from './password';
export { DEMO_PASSWORD, seed, type SeedOptions, type SeedResult } from './seed';
export * from '../generated/client';
export {
  NOTIFICATION_TYPES,
  recordNotification,
  deliverNotifications,
  type NotificationType,
  type NotificationInput,
  type NotificationMessage,
} from './notifications';
export {
  ANALYSED_CONTACT_FIELDS,
  auditJson,
  auditValue,
  dayToDate,
  type AnalysedContactField,
} from './contact-fields';
export { editContact, newContactData } from './contact-edit';
export {
  AdminExistsError,
  MIN_ADMIN_PASSWORD,
  createAdmin,
  createFirstAdmin,
  resetAdminPassword,
  type NewAdmin,
} from './admins';
export {
  markPhrases,
  matchTime,
  searchTranscripts,
  trackerHitSegments,
  type TranscriptSearchHit,
} from './transcript-search';
