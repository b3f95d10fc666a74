export * from './types.js';
export * from './checks.js';
export * from './run.js';
export * from './report.js';
export * from './browser-info.js';
export { CHECK_TITLES, STATUS_LABELS, FIXES, localText, errorText } from './texts.js';
