import { createContext, useEffect, useState, type ReactNode } from 'react';
import { defaultScanConfig } from '../../shared/barcode';
import { electronFeed, localHostFeed, scannerBridgeOf } from './deviceFeeds';
import type { ScanFeed, ScanStream } from './scanStream';
import { createScanStream } from './scanStream';
import { wedgeFeed } from './wedgeListener';
import type { WedgeSettingsStore } from './wedgeSettings';
import { createWedgeSettingsStore } from './wedgeSettings';

export type ScanServices = { stream: ScanStream; wedgeSettings: WedgeSettingsStore };

export const ScanContext = createContext<ScanServices | null>(null);

/**
 * The feeds this page can have: the wedge always (a keyboard scanner types into whatever window
 * has focus), plus device scans over the preload bridge in Electron or, in a browser, from the
 * store host that served the page.
 */
export function defaultScanFeeds(win: Window, wedgeSettings: WedgeSettingsStore): ScanFeed[] {
  const feeds: ScanFeed[] = [wedgeFeed(win, wedgeSettings)];
  const bridge = scannerBridgeOf(win);
  if (bridge !== undefined) feeds.push(electronFeed(bridge));
  else if (win.location.protocol === 'http:' || win.location.protocol === 'https:') {
    feeds.push(localHostFeed({ origin: win.location.origin }));
  }
  return feeds;
}

function createScanServices(): ScanServices {
  const wedgeSettings = createWedgeSettingsStore(globalThis.localStorage);
  // The chain's configuration will come by sync; until then the grammar's defaults are the chain's.
  const stream = createScanStream({
    config: () => defaultScanConfig,
    feeds: defaultScanFeeds(window, wedgeSettings),
  });
  return { stream, wedgeSettings };
}

/** One scan stream for the whole store app, listening while the app is mounted. */
export function ScanStreamProvider({ children }: { children: ReactNode }) {
  const [services] = useState(createScanServices);
  useEffect(() => {
    services.stream.start();
    return () => services.stream.stop();
  }, [services]);
  return <ScanContext.Provider value={services}>{children}</ScanContext.Provider>;
}
