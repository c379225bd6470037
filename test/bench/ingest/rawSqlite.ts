import SqliteDatabase from 'better-sqlite3';
import { perOpStatements, statementsFor, type RawOp, type RawStream, type Statement } from './rawStatements';

export type RawSqliteMode = 'tx per op' | 'tx per batch, savepoint per op';

/**
 * The ceiling on SQLite: the product's statements for each sale run straight on better-sqlite3,
 * with the product's durability (WAL, `synchronous = FULL`). The tills' batches take turns, as
 * they do on the product's one connection.
 */
export function runRawSqlite(
  file: string,
  work: { stream: RawStream; ops: RawOp[] }[],
  batch: number,
  mode: RawSqliteMode,
) {
  const db = new SqliteDatabase(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  const prepared = new Map<Statement, SqliteDatabase.Statement>();
  for (const [name, text] of Object.entries(perOpStatements))
    prepared.set(name as Statement, db.prepare(text));
  const run = (name: Statement, params: unknown[]) => {
    const statement = prepared.get(name)!;
    return statement.reader ? statement.all(...params) : statement.run(...params);
  };
  const [begin, beginImmediate, commit] = [
    db.prepare('begin'),
    db.prepare('begin immediate'),
    db.prepare('commit'),
  ];
  const [savepoint, release] = [db.prepare('savepoint op'), db.prepare('release savepoint op')];
  const longest = Math.max(...work.map((w) => w.ops.length));
  for (let from = 0; from < longest; from += batch) {
    for (const { stream, ops } of work) {
      const now = new Date().toISOString();
      const slice = ops.slice(from, from + batch);
      if (mode === 'tx per op') {
        for (const op of slice) {
          begin.run();
          for (const [name, params] of statementsFor(stream, op, now)) run(name, params);
          commit.run();
        }
      } else {
        beginImmediate.run();
        for (const op of slice) {
          savepoint.run();
          for (const [name, params] of statementsFor(stream, op, now)) run(name, params);
          release.run();
        }
        commit.run();
      }
    }
  }
  db.close();
}
