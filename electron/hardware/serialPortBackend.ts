import { realpath } from 'node:fs/promises';
import { z } from 'zod';
import { parseUnknown } from '../../shared/validation';
import type * as SerialPortExports from 'serialport';
import type {
  BackendError,
  SerialBackend,
  SerialOpenOptions,
  SerialPortInfo,
  SerialPortLike,
} from './hardwareBackends';
import type { Result } from './result';
import { err, errorMessage, ok } from './result';

/**
 * serialport 13 behind the SerialBackend seam, imported on first use like node-hid. `list()` shells
 * out to `udevadm` on Linux (package `udev`) and does not list socat ptys, which is why demo mode
 * opens its port by path (docs/scanners.md §8.3).
 */
type SerialPortModule = typeof SerialPortExports;

let loaded: Promise<Result<SerialPortModule, BackendError>> | undefined;

function loadSerialPort(): Promise<Result<SerialPortModule, BackendError>> {
  loaded ??= import('serialport').then(
    (module) => ok(module),
    (error: unknown) =>
      err({ kind: 'unavailable', detail: `serialport cannot load: ${errorMessage(error)}` }),
  );
  return loaded;
}

const optionalText = z
  .string()
  .optional()
  .nullable()
  .transform((value) => value ?? undefined);
const portListSchema = z.array(
  z.object({
    path: z.string().min(1),
    vendorId: optionalText,
    productId: optionalText,
    serialNumber: optionalText,
    manufacturer: optionalText,
  }),
);

function hexId(value: string | undefined): number | undefined {
  if (value === undefined || !/^[0-9a-fA-F]{1,4}$/.test(value)) return undefined;
  return Number.parseInt(value, 16);
}

export function createSerialPortBackend(): SerialBackend {
  return {
    async list() {
      const module = await loadSerialPort();
      if (!module.ok) return module;
      try {
        // What udevadm (Linux) or the OS reported, so checked like any other outside input.
        const listed: unknown = await module.value.SerialPort.list();
        const ports = parseUnknown(portListSchema, listed);
        if (!ports.ok) return err({ kind: 'list-failed', detail: ports.error });
        return ok(
          ports.value.map((port): SerialPortInfo => ({
            path: port.path,
            vendorId: hexId(port.vendorId),
            productId: hexId(port.productId),
            serialNumber: port.serialNumber || undefined,
            manufacturer: port.manufacturer,
          })),
        );
      } catch (error) {
        const message = errorMessage(error);
        return err({
          kind: 'list-failed',
          detail: /udevadm/.test(message) ? `${message} (install the udev package)` : message,
        });
      }
    },
    async locate(path) {
      // COM ports are not files; the enumeration watchdog covers Windows instead.
      if (process.platform === 'win32') return path;
      try {
        return await realpath(path);
      } catch {
        return null;
      }
    },
    async open(options: SerialOpenOptions) {
      const module = await loadSerialPort();
      if (!module.ok) return module;
      let port: InstanceType<SerialPortModule['SerialPort']>;
      try {
        port = new module.value.SerialPort({ ...options, autoOpen: false });
      } catch (error) {
        return err({ kind: 'open-failed', detail: errorMessage(error) });
      }
      const opened = await new Promise<Error | null>((resolve) => port.open(resolve));
      if (opened) return err({ kind: 'open-failed', detail: opened.message });
      const like: SerialPortLike = {
        on: port.on.bind(port),
        close: () =>
          new Promise<void>((resolve, reject) => {
            if (!port.isOpen) return resolve();
            port.close((error) => (error ? reject(error) : resolve()));
          }),
      };
      return ok(like);
    },
  };
}
