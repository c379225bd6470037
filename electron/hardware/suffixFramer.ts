/**
 * Byte stream → messages, for serial scanners and for keyboard-mode scanners once their key reports
 * are turned into bytes. Data arrives in arbitrary chunks: a code can be split across reads and two
 * codes can arrive in one read (docs/scanners.md §4.1), so
 * a message ends only at the configured suffix or after the line has been idle.
 */
import { assertNever } from '../../shared/barcode/assertNever';

export type FrameSuffix = 'cr' | 'lf' | 'crlf' | 'tab' | 'none';

/** How a frame ended: at its suffix, or because nothing arrived for `idleTimeoutMs`. */
export type FrameEnd = 'suffix' | 'idle';

export type Frame = { bytes: Uint8Array; endedBy: FrameEnd };

export type FramerProblem = { kind: 'overflow'; droppedBytes: number };

export type SuffixFramerOptions = {
  suffix: FrameSuffix;
  /**
   * With no suffix this is the only way a frame ends; with one it rescues a scanner whose suffix is
   * switched off. A scanner never pauses mid-code for this long: at 9600 baud a character takes about
   * 1 ms and USB-CDC scanners send whole 64-byte packets (docs/scanners.md §7).
   */
  idleTimeoutMs: number;
  /** Guard against a stream that never ends (docs/scanners.md §4.1: 4 KB). */
  maxFrameBytes?: number;
  onFrame(frame: Frame): void;
  onProblem?(problem: FramerProblem): void;
};

export type SuffixFramer = {
  push(chunk: Uint8Array): void;
  /** Ends the pending frame now, as if the line had gone idle. */
  flush(): void;
  pendingBytes(): number;
  dispose(): void;
};

const CR = 0x0d;
const LF = 0x0a;
const TAB = 0x09;

export function createSuffixFramer(options: SuffixFramerOptions): SuffixFramer {
  const max = options.maxFrameBytes ?? 4096;
  let buffer = new Uint8Array(256);
  let length = 0;
  // Tolerates the neighbouring terminator: a scanner set to CRLF while the app expects CR (or LF)
  // would otherwise leave a stray LF at the start (or a CR at the end) of every next code.
  let dropNextLf = false;
  let timer: NodeJS.Timeout | undefined;
  let disposed = false;

  const emit = (endedBy: FrameEnd, end: number): void => {
    let stop = end;
    if (options.suffix === 'lf' || options.suffix === 'crlf') {
      while (stop > 0 && buffer[stop - 1] === CR) stop -= 1;
    }
    const bytes = buffer.slice(0, stop);
    length = 0;
    if (bytes.length > 0) options.onFrame({ bytes, endedBy });
  };

  // After an overflow the rest of that runaway stream is dropped up to the next suffix, so its tail
  // is never taken for a scan.
  let discarding = false;

  const append = (byte: number): void => {
    if (discarding) return;
    if (length === max) {
      options.onProblem?.({ kind: 'overflow', droppedBytes: length });
      length = 0;
      discarding = true;
      return;
    }
    if (length === buffer.length) {
      const grown = new Uint8Array(Math.min(max, buffer.length * 2));
      grown.set(buffer);
      buffer = grown;
    }
    buffer[length] = byte;
    length += 1;
  };

  const isSuffix = (byte: number): boolean => {
    switch (options.suffix) {
      case 'cr':
        return byte === CR;
      case 'lf':
      case 'crlf':
        // CRLF ends at the LF; the CR before it is trimmed in emit().
        return byte === LF;
      case 'tab':
        return byte === TAB;
      case 'none':
        return false;
      default:
        return assertNever(options.suffix);
    }
  };

  const armIdleTimer = (): void => {
    // One timer object, refreshed per chunk: cheaper than clear + set on every read.
    if (timer) timer.refresh();
    else {
      timer = setTimeout(() => {
        timer = undefined;
        discarding = false;
        if (length > 0) emit('idle', length);
      }, options.idleTimeoutMs);
      timer.unref();
    }
  };

  return {
    push(chunk) {
      if (disposed) return;
      for (const byte of chunk) {
        if (dropNextLf) {
          dropNextLf = false;
          if (byte === LF) continue;
        }
        if (isSuffix(byte)) {
          discarding = false;
          emit('suffix', length);
          dropNextLf = options.suffix === 'cr';
        } else {
          append(byte);
        }
      }
      if (length > 0 || discarding) armIdleTimer();
    },
    flush() {
      if (length > 0) emit('idle', length);
    },
    pendingBytes() {
      return length;
    },
    dispose() {
      disposed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      length = 0;
    },
  };
}
