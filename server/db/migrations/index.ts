import type { Kysely } from 'kysely';
import type { Dialect } from '../schema';
import * as m0001 from './0001_core';
import * as m0002 from './0002_device_telemetry';
import * as m0003 from './0003_sale_line_marking';
import * as m0004 from './0004_clock_and_set_aside';
import * as m0005 from './0005_cannot_resend';
import * as m0006 from './0006_hq_roles_and_revocation';
import * as m0007 from './0007_guessing_and_sessions';
import * as m0008 from './0008_client_limits';
import * as m0009 from './0009_loyalty_ledger';
import * as m0010 from './0010_card_issue_consents';
import * as m0011 from './0011_link_codes_and_returns';
import * as m0012 from './0012_shifts';
import * as m0013 from './0013_scan_config';
import * as m0015 from './0015_payment_reference';
import * as m0016 from './0016_sale_vat_and_return_staff';
import * as m0017 from './0017_webshop_orders';
import * as m0018 from './0018_identity_graph';
import * as m0019 from './0019_web_events';
import * as m0020 from './0020_webshop_hq';
import * as m0021 from './0021_order_identity';
import * as m0022 from './0022_return_customer';
import * as m0023 from './0023_order_points';
import * as m0024 from './0024_card_status';
import * as m0025 from './0025_marked_products';

type MigrationModule = { up(db: Kysely<unknown>, dialect: Dialect): Promise<void> };

/**
 * Every migration, in order. Names are numbered; a migration is never edited once released, and a
 * new one is only ever appended (the migrator refuses a database that ran them in another order).
 */
export const migrationModules: ReadonlyArray<readonly [name: string, module: MigrationModule]> = [
  ['0001_core', m0001],
  ['0002_device_telemetry', m0002],
  ['0003_sale_line_marking', m0003],
  ['0004_clock_and_set_aside', m0004],
  ['0005_cannot_resend', m0005],
  ['0006_hq_roles_and_revocation', m0006],
  ['0007_guessing_and_sessions', m0007],
  ['0008_client_limits', m0008],
  ['0009_loyalty_ledger', m0009],
  ['0010_card_issue_consents', m0010],
  ['0011_link_codes_and_returns', m0011],
  ['0012_shifts', m0012],
  ['0013_scan_config', m0013],
  ['0015_payment_reference', m0015],
  ['0016_sale_vat_and_return_staff', m0016],
  ['0017_webshop_orders', m0017],
  ['0018_identity_graph', m0018],
  ['0019_web_events', m0019],
  ['0020_webshop_hq', m0020],
  ['0021_order_identity', m0021],
  ['0022_return_customer', m0022],
  ['0023_order_points', m0023],
  ['0024_card_status', m0024],
  ['0025_marked_products', m0025],
];
