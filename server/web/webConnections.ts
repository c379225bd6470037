import type { Db } from '../db/connect';
import { findConnection } from '../webshop/connections';

/** What the web endpoints need of a web-shop connection: who may call, and the secrets it signs with. */
export type WebConnection = {
  id: string;
  /** `https://shop.example` (scheme, host, port): the origins its pages run on. */
  allowedOrigins: string[];
  /** One, or two during a rotation: an identify signed with either is accepted. */
  secrets: string[];
};

/** The enabled web-shop connection by id (server/webshop/connections.ts), or null when there is none. */
export async function webConnection(db: Db, id: string): Promise<WebConnection | null> {
  const connection = await findConnection(db.kysely, id);
  if (!connection || connection.disabledAt !== null) return null;
  return { id: connection.id, allowedOrigins: connection.allowedOrigins, secrets: connection.secrets };
}
