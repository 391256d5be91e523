export * from './errors.js';
export * from './session.js';
export * from './client.js';
export * from './backend.js';
export * from './sign-out.js';
