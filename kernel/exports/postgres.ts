// Public names of the PostgreSQL sink, re-exported by kernel/index.ts.
export { saveToPostgres } from '../postgres/saveToPostgres';
export type { PostgresSinkOptions, PostgresConnectionConfig } from '../postgres/saveToPostgres';
export { openPGlite, closePGlite } from '../postgres/PGliteDatabase';
export type { SqlResult } from '../postgres/SqlDatabase';
