// pouchdb-browser ships no types; the benches use this much of it.
declare module 'pouchdb-browser' {
  type Doc = { _id: string; _rev?: string } & Record<string, unknown>;
  type Replication = Promise<{ docs_written: number; ok: boolean }>;
  class PouchDB {
    constructor(name: string, options?: { auto_compaction?: boolean });
    put(doc: Doc): Promise<{ ok: boolean; id: string; rev: string }>;
    bulkDocs(docs: Doc[]): Promise<unknown[]>;
    info(): Promise<{ doc_count: number }>;
    destroy(): Promise<unknown>;
    replicate: {
      to(target: string, options?: { batch_size?: number; batches_limit?: number }): Replication;
    };
  }
  export default PouchDB;
}
