import { deviceLabel } from './devices';

/** The microphone picker (`select#mic-select`, labelled "Microphone"). */
export function MicSelect({
  id = 'mic-select',
  devices,
  value,
  onChange,
  disabled,
}: {
  id?: string;
  devices: MediaDeviceInfo[];
  value: string;
  onChange: (deviceId: string) => void;
  disabled?: boolean;
}) {
  return (
    <div className="live-field">
      <label htmlFor={id}>Microphone</label>
      <select id={id} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
        {devices.length === 0 && <option value="">Default microphone</option>}
        {devices.map((d, i) => (
          <option key={d.deviceId || i} value={d.deviceId}>
            {deviceLabel(d, i, 'Microphone')}
          </option>
        ))}
      </select>
    </div>
  );
}
