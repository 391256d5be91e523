export * from './errors.js';
export * from './session.js';
export * from './client.js';
export * from './backend.js';
export { EventStream, type PkStreamEvent, type StreamListener, type EventStreamOptions } from './event-stream.js';
export * from './sign-out.js';
