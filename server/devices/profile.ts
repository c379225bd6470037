import type { Db } from '../db/connect';
import type { Row } from '../db/schema';
import type { AuthenticatedDevice } from './enrolment';

export type DeviceProfile = {
  deviceId: string;
  name: string;
  store: Pick<Row<'stores'>, 'id' | 'code' | 'name' | 'currency'>;
};

/** What a till learns about itself: its name and its store; null if the store row is gone. */
export async function deviceProfile(db: Db, device: AuthenticatedDevice): Promise<DeviceProfile | null> {
  const store = await db.kysely
    .selectFrom('stores')
    .select(['id', 'code', 'name', 'currency'])
    .where('id', '=', device.storeId)
    .executeTakeFirst();
  return store ? { deviceId: device.deviceId, name: device.name, store } : null;
}
