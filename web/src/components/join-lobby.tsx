import { useState, type FormEvent } from 'react';
import { useMediaDevices } from '../live/devices';
import { MicSelect } from '../live/mic-select';
import { JoinCameraTest } from './join-camera-test';
import { JoinMicTest } from './join-mic-test';

export interface LobbyChoice {
  name: string;
  /** The microphone to use (a device id), or true for the browser's default. */
  microphone: string | true;
  camera: boolean;
}

/**
 * Before a client joins a consultation: their name, a microphone test with a level meter, an optional
 * camera preview, and the consent to the transcription (and the recording, when the consultation is
 * recorded), which joining requires.
 */
export function JoinLobby({
  defaultName,
  recorded,
  error,
  onJoin,
}: {
  defaultName?: string;
  /** The consultation is recorded (GET /api/join says so): the notice and the consent say it. */
  recorded: boolean;
  error: string | undefined;
  onJoin: (choice: LobbyChoice) => void;
}) {
  const [micId, setMicId] = useState('');
  const [camera, setCamera] = useState(false);
  const [problem, setProblem] = useState<string>();
  // Listing devices asks for the microphone: only once the client tested it.
  const mics = useMediaDevices('audioinput', micId !== '');

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const name = String(form.get('name') ?? '').trim();
    if (!name) return setProblem('Please enter your name.');
    if (form.get('consent') !== 'yes')
      return setProblem(`Please confirm that you agree to the ${recorded ? 'recording' : 'transcription'}.`);
    setProblem(undefined);
    onJoin({ name, microphone: micId || true, camera });
  };

  return (
    <form className="join-form" onSubmit={submit}>
      <h1>Join your consultation</h1>
      <div className="live-field">
        <label htmlFor="join-name">Your name</label>
        <input
          id="join-name"
          name="name"
          autoComplete="name"
          maxLength={80}
          defaultValue={defaultName}
          required
        />
      </div>

      <fieldset className="join-devices">
        <legend>Check your microphone and camera</legend>
        <JoinMicTest deviceId={micId || undefined} onReady={setMicId} />
        {mics.devices.length > 1 && (
          <MicSelect id="join-mic" devices={mics.devices} value={micId} onChange={setMicId} />
        )}
        <JoinCameraTest on={camera} onChange={setCamera} />
      </fieldset>

      <div id="consent" className="join-consent">
        {recorded ? (
          <p id="recording-notice">
            <strong>This call is recorded and transcribed.</strong> The audio of the consultation is recorded
            and what everyone says is turned into text; both are kept with the consultation record so we can
            follow up on your event.
          </p>
        ) : (
          <p>
            <strong>This call is transcribed.</strong> What everyone says in the consultation is turned into
            text, which is kept with the consultation record so we can follow up on your event.
          </p>
        )}
        <label className="join-consent-check">
          <input id="consent-check" name="consent" type="checkbox" value="yes" required />
          <span>
            I understand that the call is {recorded ? 'recorded and transcribed' : 'transcribed'}, and by
            joining I agree to it.
          </span>
        </label>
      </div>

      {(problem ?? error) && (
        <p className="error" role="alert">
          {problem ?? error}
        </p>
      )}
      <button id="join" type="submit" className="live-primary">
        Join consultation
      </button>
    </form>
  );
}
