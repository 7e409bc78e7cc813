import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cacheDir } from './services';

/**
 * Where the tests' and benchmarks' speech models are: BOOTH_MODELS_DIR (default the provisioning
 * cache), and Silero from SILERO_VAD_PATH, else `../shared` when present, else the models dir.
 */
export function testModelPaths(root: string): { shared: string; modelsDir: string; sileroPath: string } {
  const shared = resolve(root, '..', 'shared');
  const modelsDir = process.env.BOOTH_MODELS_DIR ?? join(cacheDir(), 'models');
  const sileroPath =
    process.env.SILERO_VAD_PATH ??
    (existsSync(join(shared, 'models', 'silero_vad.onnx'))
      ? join(shared, 'models', 'silero_vad.onnx')
      : join(modelsDir, 'silero_vad.onnx'));
  return { shared, modelsDir, sileroPath };
}
