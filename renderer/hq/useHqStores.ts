import { useEffect, useState } from 'react';
import { errorText, hq, type HqOutputs } from './hqClient';

export type HqStore = HqOutputs['stores']['stores'][number];

/** The stores the signed-in user may see, for pickers and names; a failure goes to `onError`. */
export function useHqStores(onError: (message: string) => void): HqStore[] {
  const [stores, setStores] = useState<HqStore[]>([]);
  useEffect(() => {
    hq.hq.stores.query().then(
      (o) => setStores(o.stores),
      (e: unknown) => onError(errorText(e)),
    );
  }, [onError]);
  return stores;
}
