/** The SQLSTATE of a PostgreSQL error (`42P01`), if it has one. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** PostgreSQL's message with its detail (`Key (word)=(a) already exists.`), without a trailing period. */
export function describeSqlError(error: unknown): string {
  const e = error as { message?: unknown; detail?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message : String(error);
  const detail = typeof e?.detail === 'string' && e.detail !== '' ? ` (${e.detail.replace(/\.$/, '')})` : '';
  return `${message.replace(/\.$/, '')}${detail}`;
}

const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/**
 * Whether the connection, not the statement, failed: a socket error, SQLSTATE class 08
 * (connection exception) or 57P01-57P03 (server shutting down or starting), or pg's own
 * "Connection terminated" errors. Such a batch is worth trying again.
 */
export function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || /^08/.test(code) || /^57P0[123]$/.test(code))) return true;
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' && /Connection terminated|connection timeout|Client has encountered a connection error|not queryable/i.test(message);
}
