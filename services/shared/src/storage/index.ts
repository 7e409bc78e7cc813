export * from './blob-storage';
export * from './local';
export * from './s3';
export * from './create-storage';
export * from './recording-files';
