import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { operationKinds } from '../../../shared/sync/operations';
import {
  cardRowSchema,
  customerSummaryRowSchema,
  loyaltyConfigRowSchema,
  pickupOrderRowSchema,
  productRowSchema,
  pullInputSchema,
  pullOutputSchema,
  pushInputSchema,
  pushOutputSchema,
  reportStatusInputSchema,
  reportStatusOutputSchema,
  scanConfigRowSchema,
  storeRowSchema,
} from '../../../shared/sync/protocol';
import { snapshotManifestSchema } from '../../../shared/sync/snapshot';
import { checkSnapshot, jsonSchemaOf, recordedNames } from './schemaSnapshotFiles';

/**
 * Every released synced shape is kept in schemaSnapshots/ and the current schema is checked
 * against it: growing is fine, anything else fails. After an additive change, record it with
 *
 *   UPDATE_SCHEMA_SNAPSHOTS=1 npx vitest run test/shared/sync/schemaSnapshots.test.ts
 *
 * which writes only additive changes (and new shapes) and still fails on breaking ones.
 */
const UPDATE = process.env.UPDATE_SCHEMA_SNAPSHOTS === '1';
const SNAPSHOTS = fileURLToPath(new URL('./schemaSnapshots/', import.meta.url));

/** What a till and the server exchange: each operation version, the push/pull messages, pulled rows. */
function syncedSchemas(): Map<string, z.ZodType> {
  const schemas = new Map<string, z.ZodType>();
  for (const [kind, { versions }] of Object.entries(operationKinds)) {
    const byVersion: Record<string, z.ZodType> = versions;
    for (const [version, schema] of Object.entries(byVersion)) schemas.set(`${kind}.v${version}`, schema);
  }
  schemas.set('sync.push.input', pushInputSchema);
  schemas.set('sync.push.output', pushOutputSchema);
  schemas.set('sync.pull.input', pullInputSchema);
  schemas.set('sync.pull.output', pullOutputSchema);
  schemas.set('sync.reportStatus.input', reportStatusInputSchema);
  schemas.set('sync.reportStatus.output', reportStatusOutputSchema);
  schemas.set('sync.snapshot.output', snapshotManifestSchema);
  schemas.set('pull.store.row', storeRowSchema);
  schemas.set('pull.product.row', productRowSchema);
  schemas.set('pull.card.row', cardRowSchema);
  schemas.set('pull.loyalty_config.row', loyaltyConfigRowSchema);
  schemas.set('pull.customer_summary.row', customerSummaryRowSchema);
  schemas.set('pull.scan_config.row', scanConfigRowSchema);
  schemas.set('pull.pickup_order.row', pickupOrderRowSchema);
  return schemas;
}

const current = syncedSchemas();

describe('synced shapes only grow', () => {
  it.each([...current.keys()])('%s keeps every field it had, with its type', async (name) => {
    const check = await checkSnapshot(SNAPSHOTS, name, jsonSchemaOf(current.get(name)!), UPDATE);
    const breaking = check.status === 'breaking' ? check.changes : [];
    expect(breaking, `${name} changed in a way old tills or servers cannot follow`).toEqual([]);
    const hint = 'run with UPDATE_SCHEMA_SNAPSHOTS=1 to record it';
    expect(check.status, `${name}: ${check.status === 'missing' ? 'no snapshot' : 'grew'}; ${hint}`).toMatch(
      /^(unchanged|recorded)$/,
    );
  });

  it('still has every shape it ever released (an operation version is never dropped)', () => {
    // Retiring a shape is a decision made by deleting its snapshot by hand; no run deletes one.
    expect(recordedNames(SNAPSHOTS).filter((name) => !current.has(name))).toEqual([]);
  });
});
