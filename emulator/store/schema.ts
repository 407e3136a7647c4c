import type { TableName } from './backend.ts';

/**
 * Schema migrations, applied in order to a `--data` file; `schema_version` holds the last applied.
 * Records are JSON documents keyed by their natural id, so adding a field needs no migration;
 * a migration is for changing keys, tables or the meaning of a field.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

const docTable = (name: TableName, extra = ''): string =>
  `CREATE TABLE ${name} (key TEXT PRIMARY KEY, data TEXT NOT NULL${extra}) WITHOUT ROWID;`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'pools, clients, users, devices, refresh tokens and signing keys as JSON documents',
    sql: [
      docTable('pools'),
      docTable('clients'),
      docTable('users'),
      docTable('devices'),
      docTable('refresh_tokens'),
      docTable('signing_keys'),
    ].join('\n'),
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
