// zorgid-companion/testing: drive the sandbox, the browser with the extension, the virtual
// UZI-pas, the phone stand-in, the guide and the PIN window from a test or script. See docs/testing.md.
export { startSandbox, type Sandbox, type StartSandboxOptions } from './sandbox.js';
export { resetOrganisation, type ResetOptions, type ResetOutcome } from './portal-state.js';
export { launchBrowser, type KitBrowser, type LaunchBrowserOptions } from './browser.js';
export {
  blockCard,
  cardSocket,
  insertCard,
  listCards,
  removeCard,
  restoreCards,
  spendPinTries,
  swapProfile,
  type CardInfo,
  type ReaderIndex,
} from './card.js';
export {
  openPhonePage,
  parsePhoneScreen,
  phone,
  readPortalQr,
  type Phone,
  type PhoneScreen,
} from './phone.js';
export {
  GUIDE_HOST,
  expectPanelClear,
  guideLayout,
  panelCovers,
  type GuideLayout,
  type ScreenBox,
  clickGuide,
  guideControl,
  guideState,
  waitForGuide,
  waitForGuideCheck,
  type GuideCheck,
  type GuideSnapshot,
  type GuideStateName,
} from './guide.js';
export {
  approveConsent,
  cancelConsent,
  waitForConsent,
  type ConsentOutcome,
  type ConsentWindowInfo,
} from './consent.js';
export { PageApiError, callPageApi, waitForPageApi, type PageApiMethod } from './page-api.js';
export { portal, type ApplicationData, type Control, type Portal, type Role } from './portal.js';
export {
  CHECK_IDS,
  STEP_IDS,
  guideProgress,
  storedProgress,
  waitForGuideSaved,
  type CheckId,
  type GuideProgress,
  type GuideProgressOptions,
  type StepId,
} from './progress.js';
export { DEFAULT_WAIT_MS, KitTimeoutError, waitUntil, type WaitOptions } from './wait.js';
export { withKit } from './fixture.js';
export {
  REGISTRATION_SCENARIO,
  createScenario,
  disposeScenario,
  fill,
  follow,
  mail,
  press,
  runScenario,
  uziLogin,
  waitForCardRead,
  type ScenarioContext,
  type ScenarioOptions,
  type ScenarioStep,
} from './scenario.js';
export {
  controlRigPcscd,
  type RigPcscdMode,
  type RigPcscdRequest,
  type RigPcscdState,
} from '../sandbox/services/pcscd-control.js';
