import { contextBridge, ipcRenderer } from 'electron';
import type { IpcEvents, OmniTillBridge } from '../shared/ipc/contract';

// The renderer gets this one named object and nothing else: no ipcRenderer, no generic send.
function subscribe<C extends keyof IpcEvents>(
  channel: C,
  listener: (payload: IpcEvents[C]) => void,
): () => void {
  const wrapped = (_event: unknown, payload: IpcEvents[C]) => listener(payload);
  ipcRenderer.on(channel, wrapped);
  return () => {
    ipcRenderer.removeListener(channel, wrapped);
  };
}

const bridge = {
  appInfo: () => ipcRenderer.invoke('app:info') as ReturnType<OmniTillBridge['appInfo']>,
  onScan: (listener) => subscribe('scanner:scan', listener),
  onScannerStatus: (listener) => subscribe('scanner:status', listener),
  scannerSnapshot: () =>
    ipcRenderer.invoke('scanner:snapshot') as ReturnType<OmniTillBridge['scannerSnapshot']>,
  journalAppend: (input) =>
    ipcRenderer.invoke('journal:append', input) as ReturnType<OmniTillBridge['journalAppend']>,
  journalAck: (input) => ipcRenderer.invoke('journal:ack', input) as ReturnType<OmniTillBridge['journalAck']>,
  journalPending: () => ipcRenderer.invoke('journal:pending') as ReturnType<OmniTillBridge['journalPending']>,
} satisfies OmniTillBridge;

contextBridge.exposeInMainWorld('omnitill', bridge);
