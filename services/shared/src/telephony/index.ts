export * from './mulaw';
export * from './twilio-signature';
export * from './media-streams';
export * from './stream-token';
export * from './phone-numbers';
export * from './twiml';
export * from './phone-rooms';
export * from './stream-url';
