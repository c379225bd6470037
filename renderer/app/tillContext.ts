import { createContext, useContext } from 'react';
import type { TillDb } from '../db/database';
import type { SyncEngine } from '../sync/syncEngine';

export type TillServices = { db: TillDb; sync: SyncEngine; persisted: boolean | null };

export const TillContext = createContext<TillServices | null>(null);

export function useTill(): TillServices {
  const services = useContext(TillContext);
  if (!services) throw new Error('useTill outside <TillContext.Provider>');
  return services;
}
