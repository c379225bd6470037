import { contextBridge, ipcRenderer } from 'electron';
import type { OmniTillBridge } from '../shared/ipc/contract';

// The renderer gets this one named object and nothing else: no ipcRenderer, no generic send.
const bridge = {
  appInfo: () => ipcRenderer.invoke('app:info') as ReturnType<OmniTillBridge['appInfo']>,
} satisfies OmniTillBridge;

contextBridge.exposeInMainWorld('omnitill', bridge);
