import { describe, expect, it } from 'vitest';
import { findHidInterface, findSerialPort } from '../../../electron/hardware/deviceDiscovery';
import type { HidDeviceInfo } from '../../../electron/hardware/hardwareBackends';
import { HONEYWELL_POS, HONEYWELL_VENDOR_INTERFACE } from './fakeHardware';

const identity = { by: 'usb' as const, vendorId: 0x0c2e, productId: 0x0b8f };

describe('choosing the interface to open', () => {
  it('takes the usage page 0x8C interface for HID POS, whatever the enumeration order', () => {
    expect(findHidInterface([HONEYWELL_VENDOR_INTERFACE, HONEYWELL_POS], identity, 'hid-pos')?.path).toBe(
      '/dev/hidraw1',
    );
  });

  it('takes the Generic Desktop keyboard interface for keyboard mode, and none when there is none', () => {
    const keyboard: HidDeviceInfo = { ...HONEYWELL_POS, path: '/dev/hidraw4', usagePage: 0x01, usage: 0x06 };
    expect(findHidInterface([HONEYWELL_POS, keyboard], identity, 'hid-keyboard')?.path).toBe('/dev/hidraw4');
    expect(findHidInterface([HONEYWELL_POS], identity, 'hid-keyboard')).toBeUndefined();
  });

  it('falls back to the first interface when the driver reports no usages (libusb)', () => {
    const bare = (path: string): HidDeviceInfo => ({ path, vendorId: 0x0c2e, productId: 0x0b8f });
    expect(findHidInterface([bare('1-1:1.0'), bare('1-1:1.1')], identity, 'hid-pos')?.path).toBe('1-1:1.0');
  });

  it('matches the serial number only when one is configured', () => {
    expect(
      findHidInterface([HONEYWELL_POS], { ...identity, serialNumber: 'OTHER' }, 'hid-pos'),
    ).toBeUndefined();
    expect(
      findHidInterface([HONEYWELL_POS], { ...identity, serialNumber: '21011B1234' }, 'hid-pos')?.path,
    ).toBe('/dev/hidraw1');
  });

  it('finds a serial scanner by USB identity after it moved to another tty', () => {
    const ports = [
      { path: '/dev/ttyS0' },
      { path: '/dev/ttyACM1', vendorId: 0x1eab, productId: 0x1d06, serialNumber: 'A' },
    ];
    expect(findSerialPort(ports, { by: 'usb', vendorId: 0x1eab, productId: 0x1d06 })?.path).toBe(
      '/dev/ttyACM1',
    );
    expect(findSerialPort(ports, { by: 'usb', vendorId: 0x1eab, productId: 0x1d10 })).toBeUndefined();
  });
});
