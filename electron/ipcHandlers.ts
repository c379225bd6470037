import type { IpcMain } from 'electron';
import type { z } from 'zod';
import { ipcContract, type IpcChannel, type IpcInput, type IpcOutput } from '../shared/ipc/contract';
import { parseUnknown } from '../shared/validation';

export type IpcHandlers = { [C in IpcChannel]: (input: IpcInput<C>) => Promise<IpcOutput<C>> | IpcOutput<C> };

/**
 * Registers handlers only for channels of the contract; every argument from the renderer is
 * checked against the channel's schema before the handler sees it.
 */
export function registerIpcHandlers(ipcMain: Pick<IpcMain, 'handle'>, handlers: IpcHandlers): void {
  for (const channel of Object.keys(ipcContract) as IpcChannel[])
    register(ipcMain, channel, handlers[channel]);
}

function register<C extends IpcChannel>(
  ipcMain: Pick<IpcMain, 'handle'>,
  channel: C,
  handler: IpcHandlers[C],
): void {
  // Typed per channel: the map's schemas taken together are a union TypeScript cannot correlate.
  const contract = ipcContract[channel] as unknown as {
    input: z.ZodType<IpcInput<C>>;
    output: z.ZodType<IpcOutput<C>>;
  };
  ipcMain.handle(channel, async (_event, raw: unknown) => {
    const input = parseUnknown(contract.input, raw);
    if (!input.ok) throw new Error(`${channel}: invalid argument: ${input.error}`);
    // An answer outside the contract is main's own bug: the renderer's call rejects, nothing is sent.
    const output = parseUnknown(contract.output, await handler(input.value));
    if (!output.ok) throw new Error(`${channel}: invalid answer: ${output.error}`);
    return output.value;
  });
}
