export * from './motions.js';
export * from './schemas.js';
