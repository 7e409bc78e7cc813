import { useCallback, useEffect, useState } from 'react';
import { Room } from 'livekit-client';

export interface MediaDevices {
  devices: MediaDeviceInfo[];
  /** Set when the devices could not be listed (no permission, no device). */
  error: Error | undefined;
  /** Lists them again (after a permission was granted). */
  refresh: () => void;
}

/**
 * The local devices of a kind (Room.getLocalDevices: asks for permission when labels are hidden,
 * drops the browser's placeholder entries), listed again when a device is plugged in or out.
 * `enabled` false lists nothing (and asks for nothing) yet.
 */
export function useMediaDevices(kind: MediaDeviceKind, enabled = true): MediaDevices {
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [error, setError] = useState<Error>();
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    const list = () =>
      Room.getLocalDevices(kind, true).then(
        (d) => {
          if (stopped) return;
          setDevices(d);
          setError(undefined);
        },
        (err: unknown) => {
          if (!stopped) setError(err instanceof Error ? err : new Error(String(err)));
        },
      );
    void list();
    navigator.mediaDevices?.addEventListener('devicechange', list);
    return () => {
      stopped = true;
      navigator.mediaDevices?.removeEventListener('devicechange', list);
    };
  }, [kind, enabled, generation]);
  const refresh = useCallback(() => setGeneration((g) => g + 1), []);
  return { devices, error, refresh };
}

/** A device's label for a picker (the browser hides labels until a permission is granted). */
export const deviceLabel = (d: MediaDeviceInfo, i: number, what: string) => d.label || `${what} ${i + 1}`;
