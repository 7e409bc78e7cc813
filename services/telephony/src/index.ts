/** The Twilio Media Streams bridge (main.ts runs it); its parts, for tests. */
export { createBridge, type Bridge } from './server';
export { bridgeDeps } from './bridge-deps';
export {
  StreamSession,
  GREETING_MARK,
  POLICY_VIOLATION,
  OUTBOUND_BUFFER_FRAMES,
  type StreamDeps,
} from './stream-session';
export { SampleQueue } from './audio/sample-queue';
export { mixInto } from './audio/mix';
export { Pacer } from './audio/pacer';
export { HoldAudio } from './audio/hold-audio';
export { ringbackCycle, ringbackMulaw, RINGBACK } from './audio/tones';
export { GreetingCache, renderPhoneSpeech } from './audio/greeting';
export { INBOUND_BACKLOG_FRAMES, PUBLISH_SAMPLE_RATE } from './livekit/phone-microphone';
export { OUTBOUND_BACKLOG_FRAMES, TRIM_ABOVE_FRAMES } from './livekit/room-listener';
export { AdminPhone } from './twilio/admin-phone';
export { twilioPhoneCalls, type PhoneCalls } from './twilio/rest-calls';
