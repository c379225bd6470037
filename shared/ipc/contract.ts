import { z } from 'zod';

/**
 * The one contract between Electron main and the renderer: channel → input schema → output type.
 * Main registers handlers only from this map; the preload exposes exactly these calls.
 */
export const ipcContract = {
  'app:info': {
    input: z.undefined(),
    output: z.object({ version: z.string(), platform: z.string(), electron: z.string() }),
  },
} as const;

export type IpcChannel = keyof typeof ipcContract;
export type IpcInput<C extends IpcChannel> = z.input<(typeof ipcContract)[C]['input']>;
export type IpcOutput<C extends IpcChannel> = z.output<(typeof ipcContract)[C]['output']>;

/** What the preload puts on `window.omnitill`; the renderer checks for it to know it runs in Electron. */
export type OmniTillBridge = {
  appInfo(): Promise<IpcOutput<'app:info'>>;
};
