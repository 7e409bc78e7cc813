import { useAssistantSettings, type AssistantSettings } from '../assistant/assistant-settings';
import { Link } from '../router';

const OPTIONS: { key: keyof AssistantSettings; label: string; hint: string }[] = [
  {
    key: 'handsFreeDefault',
    label: 'Start voice in hands-free mode',
    hint: 'When you turn voice on, the microphone stays open and the assistant waits for “Hey Booth, …”. Off: hold the talk button while you speak.',
  },
  {
    key: 'spaceToTalk',
    label: 'Hold Space to talk',
    hint: 'While voice is on, holding Space works like holding the talk button (not while typing in a field). Escape cancels.',
  },
  {
    key: 'chime',
    label: 'Chime when it hears “Hey Booth”',
    hint: 'A short tone in hands-free mode, so you know it is listening for the command.',
  },
];

/** `/settings`: the assistant's voice options, kept in this browser. */
export function SettingsPage() {
  const [settings, update] = useAssistantSettings();
  return (
    <section className="crm-page settings-page">
      <h1>Settings</h1>
      <h2>Assistant voice</h2>
      <p className="hint">Saved in this browser as you change them.</p>
      <ul className="settings-options">
        {OPTIONS.map((o) => (
          <li key={o.key}>
            <input
              id={`setting-${o.key}`}
              type="checkbox"
              checked={settings[o.key]}
              aria-describedby={`setting-${o.key}-hint`}
              onChange={(e) => update({ [o.key]: e.target.checked })}
            />
            <label htmlFor={`setting-${o.key}`}>{o.label}</label>
            <p id={`setting-${o.key}-hint`} className="hint">
              {o.hint}
            </p>
          </li>
        ))}
      </ul>
      <h2>Names it should hear</h2>
      <p>
        Venue, band and client names the recognizer keeps mishearing can be taught on the{' '}
        <Link to="/vocabulary">Vocabulary</Link> page (calls that start after saving use them).
      </p>
    </section>
  );
}
