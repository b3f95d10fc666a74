export * from './types.js';
export * from './step-map.js';
export * from './environment.js';
export * from './url-patterns.js';
export * from './card-status.js';
export * from './checks.js';
export * from './progress.js';
export { applyStepMapCorrections, validateStepMap } from './corrections.js';
export * from './page-variant.js';
