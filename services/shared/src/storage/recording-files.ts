import { playbackKey, recordingPrefix } from '../audio/recording-parts';
import type { BlobStorage } from './blob-storage';

/** Some of a recording's files are still in the storage after deleting them (see {@link deleteRecordingFiles}). */
export class RecordingFilesRemainError extends Error {
  constructor(readonly remaining: number) {
    super(`${remaining} recording file(s) are still in the storage`);
    this.name = 'RecordingFilesRemainError';
  }
}

/**
 * Deletes every file of a session's recording from the storage: its playback file (`storageKey`, the
 * row's, and the standard key) and whatever else is under `recordings/<sessionId>/` (per-track parts
 * not yet mixed or not yet removed), then lists the folder again and throws
 * {@link RecordingFilesRemainError} if anything is left. Deleting files that are already gone is not
 * an error, so a retry after a failure (the storage unreachable midway) finishes the job. Callers
 * delete the Recording row only once this resolves, so a row never goes before its files. Returns
 * how many keys were deleted (or found already gone).
 */
export async function deleteRecordingFiles(
  storage: BlobStorage,
  sessionId: string,
  storageKey: string | null,
): Promise<number> {
  const prefix = recordingPrefix(sessionId);
  const keys = new Set([playbackKey(sessionId), ...(await storage.list(prefix))]);
  if (storageKey) keys.add(storageKey);
  for (const key of keys) await storage.delete(key);
  const left = await storage.list(prefix);
  if (left.length > 0) throw new RecordingFilesRemainError(left.length);
  return keys.size;
}
