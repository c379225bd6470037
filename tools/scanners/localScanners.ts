import type { ScannerConfig } from '../../shared/ipc/scanner';
import type { DemoPairError, DemoSerialPair } from './demoSerialPair';
import { demoScannerDevice, startDemoSerialPair } from './demoSerialPair';
import type { ScannerManagerOptions } from '../../electron/hardware/deviceManager';
import { ScannerManager } from '../../electron/hardware/deviceManager';
import type { ScannerBridge, ScannerBridgeOptions } from './localBridge';
import { createScannerBridge } from './localBridge';
import type { ConfigLoadError } from '../../electron/hardware/scannerConfigStore';
import { loadScannerConfig } from '../../electron/hardware/scannerConfigStore';

/**
 * Everything a host process needs for scanners, in one call: the saved configuration, the device
 * manager, the HTTP bridge for a browser-hosted store app and, in demo mode, the socat scanner
 * that `npm run scan` types into. The local launcher passes `bridge.handle` to its store host;
 * Electron main would forward `manager` events over IPC instead.
 */

export type LocalScannersOptions = {
  /** Electron's userData, or the launcher's data folder. */
  dataDir: string;
  /** Adds the demo serial scanner (`<dataDir>/scanner-app`) to the saved configuration. */
  demo?: boolean;
  manager?: ScannerManagerOptions;
  bridge?: ScannerBridgeOptions;
};

export type LocalScanners = {
  manager: ScannerManager;
  bridge: ScannerBridge;
  config: ScannerConfig;
  /** The saved file could not be used; defaults are in effect. Show it in settings. */
  configError?: ConfigLoadError;
  /** Demo mode was asked for but its scanner could not start (e.g. socat missing). */
  demoError?: DemoPairError;
  demo?: DemoSerialPair;
  close(): Promise<void>;
};

export async function startLocalScanners(options: LocalScannersOptions): Promise<LocalScanners> {
  const loaded = await loadScannerConfig(options.dataDir);
  let config = loaded.config;
  let demo: DemoSerialPair | undefined;
  let demoError: DemoPairError | undefined;
  if (options.demo) {
    const pair = await startDemoSerialPair({ dataDir: options.dataDir });
    if (pair.ok) {
      demo = pair.value;
      const device = demoScannerDevice(options.dataDir);
      // Added for this run only: the saved file keeps what the user configured.
      if (!config.devices.some((d) => d.key === device.key))
        config = { ...config, devices: [...config.devices, device] };
    } else {
      demoError = pair.error;
    }
  }
  const manager = new ScannerManager(options.manager);
  await manager.applyConfig(config);
  const bridge = createScannerBridge(manager, options.bridge);
  return {
    manager,
    bridge,
    config,
    configError: loaded.error,
    demoError,
    demo,
    async close() {
      bridge.close();
      await manager.stop();
      await demo?.stop();
    },
  };
}
