/** Wire protocol version spoken by this build, and the oldest one it still accepts. */
export const PROTOCOL_VERSION = 1;
export const MIN_PROTOCOL_VERSION = 1;

/** Is `v` a protocol version this build can speak? */
export function isSupportedProtocol(v: number): boolean {
  return Number.isInteger(v) && v >= MIN_PROTOCOL_VERSION && v <= PROTOCOL_VERSION;
}

/**
 * WebSocket close codes used on `/v1/agent`. 4000–4999 is the application range (RFC 6455 §7.4.2);
 * the last three digits mirror the HTTP status an operator would expect.
 */
export const CLOSE_CODES = {
  /** Frame failed validation; nothing of it was stored. */
  badFrame: 4400,
  unauthorized: 4401,
  /** Another connection for the same host took over. */
  replaced: 4409,
  /** Frame larger than the server's limit (ws itself uses 1009 while reading). */
  tooLarge: 4413,
  /** Protocol version not supported by the server. */
  protocolUnsupported: 4426,
  rateLimited: 4429,
  /** The store could not commit (disk full, read-only); the agent keeps its spool and retries. */
  storeUnavailable: 4503,
  /** Server shutting down. */
  goingAway: 1001,
} as const;
