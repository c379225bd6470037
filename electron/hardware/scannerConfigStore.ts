import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ScannerConfig, ScannerConfigInput } from '../../shared/ipc/scanner';
import { defaultScannerConfig, parseScannerConfig, scannerConfigSchema } from '../../shared/ipc/scanner';
import { parseJsonText } from '../../shared/validation';
import type { Result } from './result';
import { err, errorMessage, ok } from './result';

/**
 * The scanner configuration as JSON in the app's data folder (Electron's userData). Reading never
 * throws: a missing file means defaults, a corrupt one means defaults plus a typed error the
 * settings screen can show, and the corrupt file is copied aside so saving defaults over it does
 * not destroy what the user had. Writing is atomic (temp file, fsync, rename), so a crash mid-write
 * leaves the old file or the new one, never half of one.
 */

export const SCANNER_CONFIG_FILE = 'scanner-config.json';

export type ConfigLoadError =
  | { kind: 'unreadable'; file: string; detail: string }
  | { kind: 'invalid-json'; file: string; detail: string; backup?: string }
  | { kind: 'invalid-config'; file: string; detail: string; backup?: string };

export type LoadedScannerConfig = {
  config: ScannerConfig;
  /** Set when the file existed but could not be used; `config` is then the defaults. */
  error?: ConfigLoadError;
};

export type ConfigSaveError = { kind: 'invalid-config' | 'write-failed'; detail: string };

export function scannerConfigPath(dataDir: string): string {
  return path.join(dataDir, SCANNER_CONFIG_FILE);
}

async function keepCorruptCopy(file: string): Promise<string | undefined> {
  const backup = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  try {
    await copyFile(file, backup);
    return backup;
  } catch {
    return undefined;
  }
}

export async function loadScannerConfig(dataDir: string): Promise<LoadedScannerConfig> {
  const file = scannerConfigPath(dataDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { config: defaultScannerConfig };
    return { config: defaultScannerConfig, error: { kind: 'unreadable', file, detail: errorMessage(error) } };
  }
  const parsed = parseJsonText(scannerConfigSchema, text);
  if (parsed.ok) return { config: parsed.value };
  const backup = await keepCorruptCopy(file);
  return {
    config: defaultScannerConfig,
    error: { kind: parsed.notJson ? 'invalid-json' : 'invalid-config', file, detail: parsed.error, backup },
  };
}

/** Validates, then replaces the file atomically; returns the config with defaults filled in. */
export async function saveScannerConfig(
  dataDir: string,
  input: ScannerConfigInput,
): Promise<Result<ScannerConfig, ConfigSaveError>> {
  const parsed = parseScannerConfig(input);
  if (!parsed.ok) return err({ kind: 'invalid-config', detail: parsed.error });
  const file = scannerConfigPath(dataDir);
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(dataDir, { recursive: true });
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(parsed.value, null, 2)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
    await syncDirectory(dataDir);
    return ok(parsed.value);
  } catch (error) {
    await rm(temp, { force: true });
    return err({ kind: 'write-failed', detail: errorMessage(error) });
  }
}

/** Makes the rename itself durable on POSIX; Windows cannot open a directory, and needs not. */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
