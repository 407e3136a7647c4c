import Database from 'better-sqlite3';
import { type StorageBackend, TABLES, type TableName } from './backend.ts';
import { migrate } from './migrations.ts';

type Statement = Database.Statement<unknown[], unknown>;

/** SQLite file storage: WAL, prepared statements, one JSON document per record. */
export function openSqliteBackend(file: string): StorageBackend {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // WAL + NORMAL: a crash may lose the last transactions but never corrupts; fine for a local emulator.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  migrate(db);

  const puts = new Map<TableName, Statement>();
  const deletes = new Map<TableName, Statement>();
  const selects = new Map<TableName, Statement>();
  for (const t of TABLES) {
    puts.set(
      t,
      db.prepare(
        `INSERT INTO ${t} (key, data) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET data = excluded.data`,
      ),
    );
    deletes.set(t, db.prepare(`DELETE FROM ${t} WHERE key = ?`));
    selects.set(t, db.prepare(`SELECT data FROM ${t}`));
  }
  return {
    loadAll: (table) => (selects.get(table)!.all() as { data: string }[]).map((row) => JSON.parse(row.data)),
    put: (table, key, value) => {
      puts.get(table)!.run(key, JSON.stringify(value));
    },
    delete: (table, key) => {
      deletes.get(table)!.run(key);
    },
    batch: (fn) => db.transaction(fn)(),
    close: () => db.close(),
  };
}
