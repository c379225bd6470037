import type * as NodeHidModule from 'node-hid';
import type { BackendError, HidBackend, HidDeviceInfo, HidDeviceLike } from './hardwareBackends';
import type { Result } from './result';
import { err, errorMessage, ok } from './result';

/**
 * node-hid 3.x behind the HidBackend seam. The module is imported on first use, so tests and
 * machines without libusb never load the native binding, and a load failure becomes a typed
 * `unavailable` instead of a crash: on Linux node-hid links libusb-1.0.so.0 even with the hidraw
 * driver and throws on first use without it (docs/scanners.md §3.2, verified on Debian 12).
 */
type NodeHid = typeof NodeHidModule;

let loaded: Promise<Result<NodeHid, BackendError>> | undefined;

function loadNodeHid(): Promise<Result<NodeHid, BackendError>> {
  loaded ??= import('node-hid').then(
    (module) => ok(module),
    (error: unknown) => err({ kind: 'unavailable', detail: `node-hid cannot load: ${errorMessage(error)}` }),
  );
  return loaded;
}

function hint(message: string): string {
  return /libusb|libudev/.test(message) ? `${message} (install the libusb-1.0-0 and udev packages)` : message;
}

export function createNodeHidBackend(): HidBackend {
  return {
    async devices() {
      const hid = await loadNodeHid();
      if (!hid.ok) return hid;
      try {
        const devices = await hid.value.devicesAsync();
        const withPath: HidDeviceInfo[] = [];
        for (const device of devices) {
          // Devices are opened by path; one without a path cannot be opened reliably.
          if (device.path === undefined) continue;
          withPath.push({
            path: device.path,
            vendorId: device.vendorId,
            productId: device.productId,
            serialNumber: device.serialNumber || undefined,
            manufacturer: device.manufacturer,
            product: device.product,
            usagePage: device.usagePage,
            usage: device.usage,
            interface: device.interface,
          });
        }
        return ok(withPath);
      } catch (error) {
        const message = hint(errorMessage(error));
        return err({
          kind: /cannot open shared object/.test(message) ? 'unavailable' : 'list-failed',
          detail: message,
        });
      }
    },
    async open(path) {
      const hid = await loadNodeHid();
      if (!hid.ok) return hid;
      try {
        // Exclusive by default; keyboard-mode scanners on macOS need nonExclusive plus the Input
        // Monitoring permission, and on Windows cannot be read at all (docs/scanners.md §3.2).
        const device: HidDeviceLike = await hid.value.HIDAsync.open(path, {
          nonExclusive: process.platform === 'darwin',
        });
        return ok(device);
      } catch (error) {
        return err({ kind: 'open-failed', detail: hint(errorMessage(error)) });
      }
    },
  };
}
