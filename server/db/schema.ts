import type { Insertable, Selectable } from 'kysely';
import type { AccessTables } from './tables/access';
import type { IdentityTables } from './tables/identity';
import type { LoyaltyTables } from './tables/loyalty';
import type { SyncTables } from './tables/sync';
import type { TillTables } from './tables/till';
import type { WebshopTables } from './tables/webshop';

export type { VatRateSource } from './tables/till';
export type { LedgerKind } from './tables/loyalty';
export type { WebEventKind } from './tables/webshop';
export type { IdentifierTypeColumn } from './tables/identity';

/**
 * Table shapes for the query layer, one file per area under `tables/`. Times are ISO-8601 strings
 * and JSON is text on both engines, so the same queries run on SQLite and PostgreSQL unchanged.
 */
export type Database = AccessTables &
  SyncTables &
  TillTables &
  LoyaltyTables &
  WebshopTables &
  IdentityTables;

export type Dialect = 'sqlite' | 'postgres';
export type Row<T extends keyof Database> = Selectable<Database[T]>;
export type NewRow<T extends keyof Database> = Insertable<Database[T]>;
