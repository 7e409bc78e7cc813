import * as ort from 'onnxruntime-node';

/** Samples per VAD window at 16 kHz (32 ms), as Silero v5 expects. */
export const VAD_WINDOW = 512;
/** Samples of the previous window Silero v5 takes as context. */
const CONTEXT = 64;
const SAMPLE_RATE = 16000;

const sessions = new Map<string, Promise<ort.InferenceSession>>();

/**
 * Silero VAD (ONNX, stateful). The model file is loaded once per process and shared; each instance
 * keeps its own recurrent state and context, so one instance serves one audio stream.
 */
export class SileroVad {
  private state = new Float32Array(2 * 128);
  private context = new Float32Array(CONTEXT);
  private readonly input = new Float32Array(CONTEXT + VAD_WINDOW);
  private readonly sr = new ort.Tensor('int64', BigInt64Array.from([BigInt(SAMPLE_RATE)]), []);

  private constructor(private readonly session: ort.InferenceSession) {}

  static async load(modelPath: string): Promise<SileroVad> {
    let session = sessions.get(modelPath);
    if (!session) {
      session = ort.InferenceSession.create(modelPath, { intraOpNumThreads: 1, interOpNumThreads: 1 });
      sessions.set(modelPath, session);
      session.catch(() => sessions.delete(modelPath));
    }
    return new SileroVad(await session);
  }

  /** A new stream-independent instance sharing the loaded model. */
  clone(): SileroVad {
    return new SileroVad(this.session);
  }

  /** Speech probability of one 512-sample window of 16 kHz audio. */
  async process(frame: Float32Array): Promise<number> {
    if (frame.length !== VAD_WINDOW) throw new Error(`VAD frames must be ${VAD_WINDOW} samples`);
    this.input.set(this.context, 0);
    this.input.set(frame, CONTEXT);
    const out = await this.session.run({
      input: new ort.Tensor('float32', this.input, [1, CONTEXT + VAD_WINDOW]),
      state: new ort.Tensor('float32', this.state, [2, 1, 128]),
      sr: this.sr,
    });
    this.state = new Float32Array(out.stateN!.data as Float32Array);
    this.context = this.input.slice(VAD_WINDOW);
    return (out.output!.data as Float32Array)[0]!;
  }

  reset(): void {
    this.state = new Float32Array(2 * 128);
    this.context = new Float32Array(CONTEXT);
  }
}
