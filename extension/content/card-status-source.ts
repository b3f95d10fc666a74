// The guide's view of the card, fed by the service worker and refreshed on the host's pushed
// reader and card events (no polling).
import type { CardStatusView } from '../../shared/steps/card-status.js';
import { NO_CARD_STATUS } from '../../shared/steps/card-status.js';
import { RUNTIME_EVENTS_PORT, type WorkerReply } from '../../shared/protocol/runtime.js';
import type { CardStatusSource } from './guide/index.js';

export function cardStatusFromExtension(): CardStatusSource {
  const get = async (): Promise<CardStatusView> => {
    try {
      const reply = await chrome.runtime.sendMessage<
        { type: 'guide-card-status' },
        WorkerReply<CardStatusView>
      >({
        type: 'guide-card-status',
      });
      return reply.ok ? reply.result : { ...NO_CARD_STATUS, errorCode: reply.error.code };
    } catch {
      return { ...NO_CARD_STATUS, errorCode: 'HOST_DISCONNECTED' };
    }
  };
  return {
    get,
    subscribe(callback) {
      let port: chrome.runtime.Port | undefined = chrome.runtime.connect({ name: RUNTIME_EVENTS_PORT });
      port.onMessage.addListener(() => void get().then(callback));
      port.onDisconnect.addListener(() => {
        port = undefined;
      });
      return () => port?.disconnect();
    },
  };
}
