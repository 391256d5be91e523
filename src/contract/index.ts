export * from './motions.js';
export * from './schemas.js';
export * from './registration.js';
export * from './field-errors.js';
export * from './engagement.js';
export * from './pipeline.js';
export * from './content.js';
export * from './metrics.js';
