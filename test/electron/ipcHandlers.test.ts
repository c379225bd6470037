import { describe, expect, it } from 'vitest';
import { registerIpcHandlers } from '../../electron/ipcHandlers';
import { ipcContract } from '../../shared/ipc/contract';

type Handler = (event: unknown, arg: unknown) => Promise<unknown>;

function collect() {
  const handlers = new Map<string, Handler>();
  registerIpcHandlers({ handle: (channel: string, fn: Handler) => void handlers.set(channel, fn) } as never, {
    'app:info': () => ({ version: '1.2.3', platform: 'linux', electron: '45.4.1' }),
    'scanner:snapshot': () => ({ devices: [], recentScans: [] }),
    'journal:append': () => ({ held: 1 }),
    'journal:ack': () => ({ held: 0 }),
    'journal:pending': () => ({ streams: [] }),
  });
  return handlers;
}

describe('IPC registration from the contract', () => {
  it('registers exactly the contract channels', () => {
    expect([...collect().keys()].sort()).toEqual(Object.keys(ipcContract).sort());
  });

  it('answers valid calls and refuses arguments the contract does not allow', async () => {
    const info = collect().get('app:info')!;
    await expect(info({}, undefined)).resolves.toEqual({
      version: '1.2.3',
      platform: 'linux',
      electron: '45.4.1',
    });
    await expect(info({}, { evil: true })).rejects.toThrow(/app:info: invalid argument: \(root\): /);
  });

  it('refuses a journal append that is not operations of an install', async () => {
    const append = collect().get('journal:append')!;
    await expect(append({}, { stream: { installId: 'x' }, ops: [] })).rejects.toThrow(
      /journal:append: invalid argument: /,
    );
    await expect(collect().get('journal:ack')!({}, { installId: 'x', throughSeq: -1 })).rejects.toThrow(
      /journal:ack: invalid argument: throughSeq/,
    );
  });

  it('checks what main answers against the contract too', async () => {
    const handlers = new Map<string, Handler>();
    registerIpcHandlers(
      { handle: (channel: string, fn: Handler) => void handlers.set(channel, fn) } as never,
      {
        'app:info': () => ({ version: 1 }) as never,
        'scanner:snapshot': () => ({ devices: [], recentScans: [] }),
        'journal:append': () => ({ held: 1 }),
        'journal:ack': () => ({ held: 0 }),
        'journal:pending': () => ({ streams: [] }),
      },
    );
    await expect(handlers.get('app:info')!({}, undefined)).rejects.toThrow(
      /app:info: invalid answer: version: .*string/,
    );
    await expect(handlers.get('scanner:snapshot')!({}, undefined)).resolves.toEqual({
      devices: [],
      recentScans: [],
    });
  });
});
