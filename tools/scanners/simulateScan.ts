import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEMO_SIM_LINK } from './demoSerialPair';
import type { Result } from '../../electron/hardware/result';
import { err, errorMessage, ok } from '../../electron/hardware/result';
import { print, printError } from '../../server/log';

/**
 * `tsx tools/scanners/simulateScan.ts <code> [--data-dir DIR]` (npm run scan): types a code
 * into the demo serial scanner, i.e. writes `<code>\r\n` into `<data dir>/scanner-sim`, as a
 * serial scanner set to suffix CRLF would. GS1 codes need GS (0x1D), which a shell cannot pass
 * easily, so `\x1d` (any `\xHH`) and `<GS>` are accepted; the classic mistake of typing the
 * letters "GS" (markirovka.ru, docs/scanners.md §6.5) is exactly what this avoids.
 */

const USAGE = 'usage: npm run scan -- <code> [--data-dir DIR]   (use \\x1d or <GS> for the GS1 separator)';

/** `\xHH` → that byte's character, `<GS>` → 0x1D, `\\` → `\`. */
export function unescapeScanCode(code: string): string {
  return code.replace(/\\\\|\\x([0-9a-fA-F]{2})|<GS>/gi, (match, hex?: string) => {
    if (match === '\\\\') return '\\';
    if (hex !== undefined) return String.fromCharCode(Number.parseInt(hex, 16));
    return '\x1d';
  });
}

export type SimulateArgs = { code: string; dataDir: string };

export function parseSimulateArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Result<SimulateArgs, string> {
  let dataDir = env.DATA_DIR || './data';
  const codes: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--data-dir') {
      const value = argv[i + 1];
      if (value === undefined) return err(`--data-dir needs a folder\n${USAGE}`);
      dataDir = value;
      i += 1;
    } else if (arg.startsWith('--data-dir=')) {
      dataDir = arg.slice('--data-dir='.length);
    } else if (arg === '--help' || arg === '-h') {
      return err(USAGE);
    } else {
      codes.push(arg);
    }
  }
  if (codes.length !== 1) return err(USAGE);
  const code = unescapeScanCode(codes[0]!);
  if (code.length === 0 || /[\r\n]/.test(code)) return err(`a code is one non-empty line\n${USAGE}`);
  return ok({ code, dataDir: path.resolve(dataDir) });
}

export type SimulateError = { kind: 'link-missing' | 'not-a-terminal' | 'write-failed'; detail: string };

export async function simulateScan(args: SimulateArgs): Promise<Result<{ bytes: number }, SimulateError>> {
  const link = path.join(args.dataDir, DEMO_SIM_LINK);
  const missing = err<SimulateError>({
    kind: 'link-missing',
    detail: `${link} does not exist: is \`npm start\` running (it starts the demo scanner) with this data folder?`,
  });
  let handle;
  try {
    // No O_CREAT: a stale link must not turn into a regular file. No controlling terminal either.
    handle = await open(link, constants.O_WRONLY | constants.O_NOCTTY);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return missing;
    return err({ kind: 'write-failed', detail: errorMessage(error) });
  }
  try {
    if (!(await handle.stat()).isCharacterDevice()) {
      return err({ kind: 'not-a-terminal', detail: `${link} is not the demo scanner's pseudo-terminal` });
    }
    const data = Buffer.from(`${args.code}\r\n`, 'utf8');
    await handle.write(data);
    return ok({ bytes: data.length });
  } catch (error) {
    return err({ kind: 'write-failed', detail: errorMessage(error) });
  } finally {
    await handle.close();
  }
}

async function main(): Promise<number> {
  const args = parseSimulateArgs(process.argv.slice(2), process.env);
  if (!args.ok) {
    printError(args.error);
    return 2;
  }
  const written = await simulateScan(args.value);
  if (!written.ok) {
    printError(`scan not sent: ${written.error.detail}`);
    return 1;
  }
  const shown = JSON.stringify(args.value.code).replace(/\\u001d/g, '<GS>');
  print(`scanned ${shown} (${written.value.bytes} bytes with CRLF)`);
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  void main().then((code) => {
    process.exitCode = code;
  });
}
