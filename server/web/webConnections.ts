import type { Db } from '../db/connect';

/** What the web endpoints need of a web-shop connection: who may call, and the secrets it signs with. */
export type WebConnection = {
  id: string;
  /** `https://shop.example` (scheme, host, port): the origins its pages run on. */
  allowedOrigins: string[];
  /** One, or two during a rotation: an identify signed with either is accepted. */
  secrets: string[];
};

/** The connection by id, or null when there is none (or it is switched off). */
export async function webConnection(db: Db, id: string): Promise<WebConnection | null> {
  void db;
  void id;
  return null;
}
