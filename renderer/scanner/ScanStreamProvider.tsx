import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { defaultScanConfig, type ScanConfig } from '../../shared/barcode';
import { TillContext, type TillServices } from '../app/tillContext';
import { activeScanConfig } from '../db/scanConfig';
import { electronFeed, localHostFeed, scannerBridgeOf } from './deviceFeeds';
import type { ScanFeed, ScanStream } from './scanStream';
import { createScanStream } from './scanStream';
import { wedgeFeed } from './wedgeListener';
import type { WedgeSettingsStore } from './wedgeSettings';
import { createWedgeSettingsStore } from './wedgeSettings';

export type ScanServices = {
  stream: ScanStream;
  wedgeSettings: WedgeSettingsStore;
  /** Reads scans with `config` from now on (the chain's configuration, as pulled from HQ). */
  setConfig: (config: ScanConfig) => void;
};

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
  // The chain's configuration comes by sync; until the first pull the grammar's defaults are the chain's.
  let config = defaultScanConfig;
  const stream = createScanStream({
    config: () => config,
    feeds: defaultScanFeeds(window, wedgeSettings),
  });
  return {
    stream,
    wedgeSettings,
    setConfig: (next) => {
      config = next;
    },
  };
}

/**
 * Keeps the stream's configuration equal to the one the till last pulled: read at start and again
 * whenever the sync engine reports, the only moment this window's pull can have changed it.
 */
function useScanConfigOf(till: TillServices | null, services: ScanServices): void {
  useEffect(() => {
    if (till === null) return undefined;
    let stopped = false;
    const refresh = () =>
      void activeScanConfig(till.db).then(
        (config) => {
          if (!stopped) services.setConfig(config);
        },
        // A damaged row: keep reading with what the till had; the pull parks what it cannot read.
        () => undefined,
      );
    refresh();
    const unsubscribe = till.sync.subscribe(refresh);
    return () => {
      stopped = true;
      unsubscribe();
    };
  }, [till, services]);
}

/** One scan stream for the whole store app, listening while the app is mounted. */
export function ScanStreamProvider({ children }: { children: ReactNode }) {
  const [services] = useState(createScanServices);
  // Outside a till (a test harness) there is no local database: the defaults stay.
  const till = useContext(TillContext);
  useScanConfigOf(till, services);
  useEffect(() => {
    services.stream.start();
    return () => services.stream.stop();
  }, [services]);
  return <ScanContext.Provider value={services}>{children}</ScanContext.Provider>;
}
