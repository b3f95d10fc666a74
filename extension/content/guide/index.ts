export { startGuide } from './start-guide.js';
export { ChromeProgressStore } from './chrome-progress-store.js';
export { MemoryProgressStore } from './memory-progress-store.js';
export type { CardStatusSource, GuideEvent, GuideHandle, ProgressStore, StartGuideOptions } from './types.js';
