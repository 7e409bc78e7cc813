/**
 * A short rising two-note tone (WebAudio, ~0.25 s): the assistant heard its wake phrase. Its own
 * audio context, closed when the tone ends.
 */
export function playChime(): void {
  let ctx: AudioContext;
  try {
    ctx = new AudioContext();
  } catch {
    return; // no WebAudio: no tone
  }
  const t = ctx.currentTime + 0.01;
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.type = 'sine';
  osc.frequency.setValueAtTime(880, t);
  osc.frequency.setValueAtTime(1320, t + 0.1);
  gain.gain.setValueAtTime(0.0001, t);
  gain.gain.exponentialRampToValueAtTime(0.15, t + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.25);
  osc.connect(gain).connect(ctx.destination);
  osc.onended = () => void ctx.close();
  osc.start(t);
  osc.stop(t + 0.26);
}
