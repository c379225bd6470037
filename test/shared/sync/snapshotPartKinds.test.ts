import { describe, expect, it } from 'vitest';
import {
  snapshotManifestSchema,
  snapshotPartKindSchema,
  unknownPartKind,
} from '../../../shared/sync/snapshot';

const manifest = (kinds: unknown[]) => ({
  snapshotId: 's',
  cursor: '1.1',
  rows: kinds.length,
  parts: kinds.map((kind, index) => ({ index, kind, rows: 1 })),
});

describe('a snapshot manifest with part kinds this till does not know', () => {
  it('names the first unknown kind, and the manifest schema refuses it too', () => {
    const newer = manifest(['card', 'productByGtin', 'productByColour', 'change']);
    expect(unknownPartKind(newer)).toBe('productByColour');
    expect(snapshotManifestSchema.safeParse(newer).success).toBe(false);
  });

  it('finds none in a manifest of known kinds, nor in one that is no manifest', () => {
    expect(unknownPartKind(manifest([...snapshotPartKindSchema.options]))).toBeNull();
    // The products of a server that predates product blocks: still read, as rows.
    expect(unknownPartKind(manifest(['product', 'change']))).toBeNull();
    expect(unknownPartKind({ parts: 'none' })).toBeNull();
  });
});
