import type { Config } from '../config';
import type { BlobStorage } from './blob-storage';
import { LocalBlobStorage } from './local';
import { S3BlobStorage } from './s3';

/** The recording storage RECORDING_STORAGE names: the RECORDING_DIR directory, or the S3 bucket. */
export function createBlobStorage(
  config: Pick<
    Config,
    | 'RECORDING_STORAGE'
    | 'RECORDING_DIR'
    | 'S3_ENDPOINT'
    | 'S3_REGION'
    | 'S3_BUCKET'
    | 'S3_ACCESS_KEY_ID'
    | 'S3_SECRET_ACCESS_KEY'
    | 'S3_FORCE_PATH_STYLE'
  >,
): BlobStorage {
  if (config.RECORDING_STORAGE === 'local') return new LocalBlobStorage(config.RECORDING_DIR);
  // parseConfig has checked these are set when RECORDING_STORAGE=s3.
  return new S3BlobStorage({
    endpoint: config.S3_ENDPOINT,
    region: config.S3_REGION,
    bucket: config.S3_BUCKET!,
    accessKeyId: config.S3_ACCESS_KEY_ID!,
    secretAccessKey: config.S3_SECRET_ACCESS_KEY!,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
  });
}
