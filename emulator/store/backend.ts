/** Where records go besides memory. The in-memory emulator uses the null backend; `--data` uses SQLite. */
export type TableName = 'pools' | 'clients' | 'users' | 'devices' | 'refresh_tokens' | 'signing_keys';

export const TABLES: readonly TableName[] = [
  'pools',
  'clients',
  'users',
  'devices',
  'refresh_tokens',
  'signing_keys',
];

export interface StorageBackend {
  /** Every stored record of a table, for the start-up load. */
  loadAll(table: TableName): unknown[];
  put(table: TableName, key: string, value: object): void;
  delete(table: TableName, key: string): void;
  /** Runs fn so that its writes land together (one SQLite transaction). */
  batch(fn: () => void): void;
  close(): void;
}

export const nullBackend: StorageBackend = {
  loadAll: () => [],
  put: () => {},
  delete: () => {},
  batch: (fn) => fn(),
  close: () => {},
};
