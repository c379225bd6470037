import type { IpcHandlers } from '../ipcHandlers';
import { heldCount, type Journal } from './journal';

/** The journal's channels of the IPC contract; main registers them with the others. */
export function journalHandlers(
  journal: Journal,
): Pick<IpcHandlers, 'journal:append' | 'journal:ack' | 'journal:pending'> {
  return {
    'journal:append': async (input) => {
      await journal.append(input);
      return { held: heldCount(journal) };
    },
    'journal:ack': async (input) => {
      await journal.ack(input);
      return { held: heldCount(journal) };
    },
    'journal:pending': () => journal.pending(),
  };
}
