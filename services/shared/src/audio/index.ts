export * from './wav';
export * from './pcm';
export * from './mp3';
export * from './recording-parts';
