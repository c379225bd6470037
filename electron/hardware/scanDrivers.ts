import type {
  HidKeyboardDeviceConfig,
  HidPosDeviceConfig,
  ScanEvent,
  ScanSource,
  SerialDeviceConfig,
} from '../../shared/ipc/scanner';
import type { HidDeviceLike, SerialPortLike } from './hardwareBackends';
import { createHidPosAssembler } from './hidPosReports';
import { createKeyboardReportDecoder } from './keyboardReports';
import { assertNever } from '../../shared/barcode/assertNever';
import { errorMessage } from './result';
import { decodeScanBytes, toScanEvent } from './scanEvent';
import type { FrameSuffix, SuffixFramer } from './suffixFramer';
import { createSuffixFramer } from './suffixFramer';

/**
 * Drivers: an open device plus the pure stages (assembler or decoder, framer, scan builder) that
 * turn its reports or bytes into ScanEvents (docs/scanners.md §1.1, "four stages" with thin device
 * adapters). A driver never reopens anything; it tells its sink the device is lost and the device
 * connection decides what to do.
 */

export type DriverProblem = {
  kind:
    'ignored-report' | 'bad-report' | 'continuation-timeout' | 'overflow' | 'invalid-scan' | 'close-failed';
  detail: string;
};

export type DriverLoss = { reason: 'read-error' | 'disconnected'; detail: string };

export type DriverSink = {
  scan(event: ScanEvent): void;
  problem(problem: DriverProblem): void;
  lost(loss: DriverLoss): void;
};

export type AttachedDriver = {
  /** Stops delivering scans and closes the device; never throws. */
  close(): Promise<void>;
};

type FramedConfig = { key: string; suffix: FrameSuffix; idleTimeoutMs: number } & Pick<
  SerialDeviceConfig,
  'encoding'
>;

/**
 * Suffix framer → text → ScanEvent: everything between a serial port's `data` event and a scan.
 * Exported on its own so the benchmark measures exactly this path.
 */
export function createFramedScanPipeline(
  source: ScanSource,
  config: FramedConfig,
  sink: Pick<DriverSink, 'scan' | 'problem'>,
): SuffixFramer {
  return createSuffixFramer({
    suffix: config.suffix,
    idleTimeoutMs: config.idleTimeoutMs,
    onFrame(frame) {
      const text = decodeScanBytes(frame.bytes, config.encoding);
      const event = toScanEvent({ source, deviceKey: config.key, text });
      if (event.ok) sink.scan(event.value);
      else sink.problem({ kind: 'invalid-scan', detail: event.error.detail });
    },
    onProblem(problem) {
      sink.problem({ kind: problem.kind, detail: `${problem.droppedBytes} bytes without a suffix dropped` });
    },
  });
}

/** Runs the close once, reporting a failing close as a problem rather than throwing. */
function closer(
  close: () => void | Promise<void>,
  sink: DriverSink,
  cleanup: () => void,
): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => {
    closing ??= (async () => {
      cleanup();
      try {
        await close();
      } catch (error) {
        sink.problem({ kind: 'close-failed', detail: errorMessage(error) });
      }
    })();
    return closing;
  };
}

export function attachHidPosDriver(
  device: HidDeviceLike,
  config: Pick<HidPosDeviceConfig, 'key' | 'layout' | 'encoding'>,
  sink: DriverSink,
  options: { continuationTimeoutMs?: number } = {},
): AttachedDriver {
  let active = true;
  const assembler = createHidPosAssembler({
    layout: config.layout,
    continuationTimeoutMs: options.continuationTimeoutMs,
    onMessage(message) {
      const event = toScanEvent({
        source: 'hid-pos',
        deviceKey: config.key,
        text: decodeScanBytes(message.bytes, config.encoding),
        symbology: message.symbology,
        codeId: message.codeId,
      });
      if (event.ok) sink.scan(event.value);
      else sink.problem({ kind: 'invalid-scan', detail: event.error.detail });
    },
    onProblem(problem) {
      // Other report ids (command replies, attributes) are routine, not worth a diagnostic.
      if (problem.kind !== 'ignored-report') sink.problem(problem);
    },
  });
  // `error` goes on first: node-hid starts reading as soon as a `data` listener exists, and an
  // unhandled `error` on unplug has crashed Electron windows (node-hid#153, docs/scanners.md §3.3).
  device.on('error', (error) => {
    if (!active) return;
    active = false;
    assembler.dispose();
    sink.lost({ reason: 'read-error', detail: error.message });
  });
  device.on('data', (report) => {
    if (active) assembler.push(report);
  });
  const close = closer(
    () => device.close(),
    sink,
    () => {
      active = false;
      assembler.dispose();
    },
  );
  return { close };
}

function keyboardSuffix(suffix: HidKeyboardDeviceConfig['suffix']): FrameSuffix {
  switch (suffix) {
    case 'enter':
      return 'cr';
    case 'tab':
      return 'tab';
    case 'none':
      return 'none';
    default:
      return assertNever(suffix);
  }
}

export function attachHidKeyboardDriver(
  device: HidDeviceLike,
  config: Pick<HidKeyboardDeviceConfig, 'key' | 'suffix' | 'idleTimeoutMs' | 'encoding'>,
  sink: DriverSink,
): AttachedDriver {
  let active = true;
  const decoder = createKeyboardReportDecoder(config.encoding);
  // The decoder emits Alt-codes above 127 as UTF-8, so the frame is always decoded as UTF-8.
  const framer = createFramedScanPipeline(
    'hid-keyboard',
    {
      key: config.key,
      suffix: keyboardSuffix(config.suffix),
      idleTimeoutMs: config.idleTimeoutMs,
      encoding: 'utf-8',
    },
    sink,
  );
  device.on('error', (error) => {
    if (!active) return;
    active = false;
    framer.dispose();
    sink.lost({ reason: 'read-error', detail: error.message });
  });
  device.on('data', (report) => {
    if (!active) return;
    const typed = decoder.push(report);
    if (!typed.ok) sink.problem(typed.error);
    else if (typed.value.length > 0) framer.push(Uint8Array.from(typed.value));
  });
  const close = closer(
    () => device.close(),
    sink,
    () => {
      active = false;
      framer.dispose();
    },
  );
  return { close };
}

export function attachSerialDriver(
  port: SerialPortLike,
  config: Pick<SerialDeviceConfig, 'key' | 'suffix' | 'idleTimeoutMs' | 'encoding'>,
  sink: DriverSink,
): AttachedDriver {
  let active = true;
  const framer = createFramedScanPipeline('serial', config, sink);
  const lose = (loss: DriverLoss): void => {
    if (!active) return;
    active = false;
    framer.dispose();
    sink.lost(loss);
  };
  port.on('data', (chunk) => {
    if (active) framer.push(chunk);
  });
  // On Linux an unplugged port emits `close` with `disconnected: true` within milliseconds
  // (verified with socat, docs/scanners.md §8.3); a `close` we did not ask for is a loss either way.
  port.on('close', (error) => {
    lose({
      reason: error?.disconnected === false ? 'read-error' : 'disconnected',
      detail: error?.message ?? 'port closed',
    });
  });
  port.on('error', (error) => lose({ reason: 'read-error', detail: error.message }));
  // A read of 0 bytes ends the stream instead (@serialport/stream treats it as EOF): no more data
  // will come, so that is a loss too.
  port.on('end', () =>
    lose({ reason: 'disconnected', detail: 'the port stopped delivering data (end of stream)' }),
  );
  const close = closer(
    () => port.close(),
    sink,
    () => {
      active = false;
      framer.dispose();
    },
  );
  return { close };
}
