import type { IpcMain } from 'electron';
import { ipcContract, type IpcChannel, type IpcInput, type IpcOutput } from '../shared/ipc/contract';

export type IpcHandlers = { [C in IpcChannel]: (input: IpcInput<C>) => Promise<IpcOutput<C>> | IpcOutput<C> };

/**
 * Registers handlers only for channels of the contract; every argument from the renderer is
 * checked against the channel's schema before the handler sees it.
 */
export function registerIpcHandlers(ipcMain: Pick<IpcMain, 'handle'>, handlers: IpcHandlers): void {
  for (const channel of Object.keys(ipcContract) as IpcChannel[]) {
    const { input, output } = ipcContract[channel];
    ipcMain.handle(channel, async (_event, raw: unknown) => {
      const parsed = input.safeParse(raw);
      if (!parsed.success) throw new Error(`${channel}: invalid argument: ${parsed.error.message}`);
      return output.parse(await handlers[channel](parsed.data));
    });
  }
}
