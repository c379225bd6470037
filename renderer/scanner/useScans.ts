import { useContext, useEffect, useRef, useSyncExternalStore } from 'react';
import type { ScanServices } from './ScanStreamProvider';
import { ScanContext } from './ScanStreamProvider';
import type { ScanListener, ScanStreamState } from './scanStream';
import type { WedgeSettings } from './wedgeSettings';

export function useScanServices(): ScanServices {
  const services = useContext(ScanContext);
  if (services === null) throw new Error('useScanServices outside <ScanStreamProvider>');
  return services;
}

/**
 * Calls `listener` for every scan from now on while `enabled`. The latest listener is used, so it
 * may close over fresh state without resubscribing.
 */
export function useScans(listener: ScanListener, enabled = true): void {
  const { stream } = useScanServices();
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => {
    if (!enabled) return undefined;
    return stream.subscribe((scan) => latest.current(scan));
  }, [stream, enabled]);
}

/** Devices, link and the last scans, re-rendering on change. */
export function useScanState(): ScanStreamState {
  const { stream } = useScanServices();
  return useSyncExternalStore(stream.subscribeState, stream.getState);
}

export function useWedgeSettings(): WedgeSettings {
  const { wedgeSettings } = useScanServices();
  return useSyncExternalStore(wedgeSettings.subscribe, wedgeSettings.get);
}
