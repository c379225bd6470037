import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as prettier from 'prettier';
import { z } from 'zod';
import { parseJsonText } from '../../../shared/validation';
import { breakingChanges, deepEqual, type Json } from './schemaGuard';

/**
 * Checked-in JSON Schema snapshots of synced shapes, one `<name>.json` per shape. Only an update
 * run writes them, and only when the change is additive; nothing here ever deletes one.
 */
export type SnapshotCheck =
  | { status: 'unchanged' }
  | { status: 'missing' }
  | { status: 'grew' }
  | { status: 'recorded' }
  | { status: 'breaking'; changes: string[] };

/** The JSON Schema of what a parse accepts (`io: 'input'`): the side an old payload meets. */
export function jsonSchemaOf(schema: z.ZodType): Json {
  return JSON.parse(JSON.stringify(z.toJSONSchema(schema, { io: 'input' }))) as Json;
}

export async function checkSnapshot(
  dir: string,
  name: string,
  schema: Json,
  update: boolean,
): Promise<SnapshotCheck> {
  const snapshot = readSnapshot(dir, name);
  if (snapshot === undefined) {
    if (!update) return { status: 'missing' };
    await writeSnapshot(dir, name, schema);
    return { status: 'recorded' };
  }
  const changes = breakingChanges(snapshot, schema);
  if (changes.length > 0) return { status: 'breaking', changes };
  if (deepEqual(snapshot, schema)) return { status: 'unchanged' };
  if (!update) return { status: 'grew' };
  await writeSnapshot(dir, name, schema);
  return { status: 'recorded' };
}

export function recordedNames(dir: string): string[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort();
}

export function readSnapshot(dir: string, name: string): Json | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, `${name}.json`), 'utf8');
  } catch {
    return undefined;
  }
  const parsed = parseJsonText(z.json(), text);
  if (!parsed.ok) throw new Error(`${name}.json is not a JSON Schema snapshot:\n${parsed.error}`);
  return parsed.value;
}

async function writeSnapshot(dir: string, name: string, schema: Json): Promise<void> {
  const file = join(dir, `${name}.json`);
  // Formatted as the repository's Prettier would, so `prettier --check` stays quiet.
  const options = await prettier.resolveConfig(file);
  writeFileSync(file, await prettier.format(JSON.stringify(schema), { ...options, parser: 'json' }));
}
