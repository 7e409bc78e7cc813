import { useEffect, useRef, useState } from 'react';

/**
 * An optional camera check before joining: `button#test-camera` shows (and hides) a preview. The
 * camera is on in the consultation only if the preview is on when the client joins.
 */
export function JoinCameraTest({ on, onChange }: { on: boolean; onChange: (on: boolean) => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (!on) return;
    let stopped = false;
    let stream: MediaStream | undefined;
    const el = video.current;
    navigator.mediaDevices
      .getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 } } })
      .then((s) => {
        stream = s;
        if (stopped) return s.getTracks().forEach((t) => t.stop());
        if (el) el.srcObject = s;
      })
      .catch((err: unknown) => {
        if (stopped) return;
        setError(
          err instanceof Error && err.name === 'NotAllowedError'
            ? 'The browser did not allow the camera.'
            : 'No camera could be opened.',
        );
        onChange(false);
      });
    return () => {
      stopped = true;
      stream?.getTracks().forEach((t) => t.stop());
      if (el) el.srcObject = null;
    };
  }, [on, onChange]);
  return (
    <div className="join-check">
      <button
        id="test-camera"
        type="button"
        aria-pressed={on}
        onClick={() => {
          setError(undefined);
          onChange(!on);
        }}
      >
        {on ? 'Turn my camera off' : 'Test my camera (optional)'}
      </button>
      {on && (
        <>
          <video
            ref={video}
            className="join-camera-preview"
            autoPlay
            playsInline
            muted
            aria-label="Camera preview"
          />
          <p className="hint">Your camera will be on when you join. Turn it off to join with audio only.</p>
        </>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
