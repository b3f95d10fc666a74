// What the commands share for the lifetime of one host process.
import type { PcscMonitor } from './token/pcsc/pcsc-monitor.js';

export interface HostRuntime {
  version: string;
  pcsc: PcscMonitor;
}
