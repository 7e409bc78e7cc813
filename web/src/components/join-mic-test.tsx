import { useEffect, useEffectEvent, useState } from 'react';

/** 0…1 from the RMS of a block of samples (speech at a normal distance reads about 0.2–0.6). */
const levelOf = (samples: Float32Array<ArrayBuffer>) => {
  let sum = 0;
  for (const s of samples) sum += s * s;
  return Math.min(1, Math.sqrt(sum / samples.length) * 4);
};

/**
 * Test the microphone before joining: `button#test-mic` starts and stops it, `meter#mic-level` shows
 * the live input level (a WebAudio AnalyserNode on the microphone). `onReady` hears the device id the
 * browser picked, so the call uses the one that was tested.
 */
export function JoinMicTest({
  deviceId,
  onReady,
}: {
  deviceId?: string;
  onReady?: (deviceId: string) => void;
}) {
  const [testing, setTesting] = useState(false);
  const [level, setLevel] = useState(0);
  const [error, setError] = useState<string>();
  const ready = useEffectEvent((id: string) => onReady?.(id));

  useEffect(() => {
    if (!testing) return;
    let stopped = false;
    let frame = 0;
    let stream: MediaStream | undefined;
    let context: AudioContext | undefined;
    navigator.mediaDevices
      .getUserMedia({ audio: deviceId ? { deviceId: { exact: deviceId } } : true })
      .then((s) => {
        stream = s;
        if (stopped) return s.getTracks().forEach((t) => t.stop());
        const used = s.getAudioTracks()[0]?.getSettings().deviceId;
        if (used) ready(used);
        context = new AudioContext();
        const analyser = context.createAnalyser();
        analyser.fftSize = 1024;
        context.createMediaStreamSource(s).connect(analyser);
        const samples = new Float32Array(analyser.fftSize);
        const tick = () => {
          analyser.getFloatTimeDomainData(samples);
          setLevel(levelOf(samples));
          frame = requestAnimationFrame(tick);
        };
        tick();
      })
      .catch((err: unknown) => {
        if (stopped) return;
        setError(
          err instanceof Error && err.name === 'NotAllowedError'
            ? 'The browser did not allow the microphone. Allow it in the address bar, then try again.'
            : 'No microphone could be opened.',
        );
        setTesting(false);
      });
    return () => {
      stopped = true;
      cancelAnimationFrame(frame);
      stream?.getTracks().forEach((t) => t.stop());
      void context?.close();
      setLevel(0);
    };
  }, [testing, deviceId]);

  return (
    <div className="join-check">
      <button
        id="test-mic"
        type="button"
        aria-pressed={testing}
        onClick={() => {
          setError(undefined);
          setTesting((t) => !t);
        }}
      >
        {testing ? 'Stop the microphone test' : 'Test my microphone'}
      </button>
      <label htmlFor="mic-level" className="join-meter-label">
        Microphone level
      </label>
      <meter id="mic-level" min={0} max={1} low={0.05} high={0.9} optimum={0.5} value={level}>
        {Math.round(level * 100)}%
      </meter>
      {testing && !error && <p className="hint">Say something: the bar should move as you speak.</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
