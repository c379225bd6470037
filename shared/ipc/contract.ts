import { z } from 'zod';
import { journalAckSchema, journalAppendSchema, journalPendingSchema } from './journal';
import { scannerSnapshotSchema, type ScanEvent, type ScannerDeviceStatus } from './scanner';

/**
 * The one contract between Electron main and the renderer: channel → input schema → output type.
 * Main registers handlers only from this map; the preload exposes exactly these calls.
 */
export const ipcContract = {
  'app:info': {
    input: z.undefined(),
    output: z.object({ version: z.string(), platform: z.string(), electron: z.string() }),
  },
  'scanner:snapshot': {
    input: z.undefined(),
    output: scannerSnapshotSchema,
  },
  /** Resolves once the operations are on disk in the journal (docs/sync-protocol.md §16). */
  'journal:append': {
    input: journalAppendSchema,
    output: z.object({ held: z.number().int().nonnegative() }),
  },
  'journal:ack': {
    input: journalAckSchema,
    output: z.object({ held: z.number().int().nonnegative() }),
  },
  'journal:pending': {
    input: z.undefined(),
    output: journalPendingSchema,
  },
} as const;

/** Events main sends to the renderer (no answer expected), each with its payload type. */
export type IpcEvents = {
  'scanner:scan': ScanEvent;
  'scanner:status': ScannerDeviceStatus;
};
export const ipcEventChannels = [
  'scanner:scan',
  'scanner:status',
] as const satisfies readonly (keyof IpcEvents)[];

export type IpcChannel = keyof typeof ipcContract;
export type IpcInput<C extends IpcChannel> = z.input<(typeof ipcContract)[C]['input']>;
export type IpcOutput<C extends IpcChannel> = z.output<(typeof ipcContract)[C]['output']>;

/** What the preload puts on `window.omnitill`; the renderer checks for it to know it runs in Electron. */
export type OmniTillBridge = {
  appInfo(): Promise<IpcOutput<'app:info'>>;
  /** Device scans as main decoded them; returns an unsubscribe. The renderer re-validates them. */
  onScan(listener: (event: IpcEvents['scanner:scan']) => void): () => void;
  /** Scanner connection changes; returns an unsubscribe. */
  onScannerStatus(listener: (status: IpcEvents['scanner:status']) => void): () => void;
  scannerSnapshot(): Promise<IpcOutput<'scanner:snapshot'>>;
  /** The operations journal: present in the desktop app only (docs/sync-protocol.md §16). */
  journalAppend(input: IpcInput<'journal:append'>): Promise<IpcOutput<'journal:append'>>;
  journalAck(input: IpcInput<'journal:ack'>): Promise<IpcOutput<'journal:ack'>>;
  journalPending(): Promise<IpcOutput<'journal:pending'>>;
};
