/**
 * What the agent does when the server closes the connection, by close code (protocol
 * CLOSE_CODES; 1000–1015 from RFC 6455 §7.4.1). Pure; the connection state machine acts on it.
 *
 * | code | meaning | action |
 * | --- | --- | --- |
 * | 4426 protocolUnsupported | this agent's protocol version is refused | stop, exit 3: only an upgrade helps, a retry loop would only fill logs (spool kept) |
 * | 4401 unauthorized (or HTTP 401/403 at the upgrade) | bad or revoked token | retry near the 60 s cap: an operator must act |
 * | 4400 badFrame, 4413 / 1009 too large | a frame was refused | retry; the same batch refused 3 times in a row is dropped |
 * | 4409 replaced | another connection for this host took over | retry with backoff; says a second agent may share the host id |
 * | 4503 storeUnavailable, 4429 rateLimited, 1001 goingAway, 1006, others | transient | retry with backoff |
 */
import { CLOSE_CODES } from '@aura/protocol';

export type CloseAction =
  | { kind: 'stop'; exitCode: number; message: string }
  | { kind: 'refused'; message: string }
  | { kind: 'retry'; message: string; poison: boolean; level: 'warn' | 'error' };

/** Exit code when the server refuses this agent's protocol version. */
export const EXIT_PROTOCOL_UNSUPPORTED = 3;

/** ws closes with 1009 when a frame exceeds the peer's maxPayload. */
const MESSAGE_TOO_BIG = 1009;

export function closeAction(code: number): CloseAction {
  switch (code) {
    case CLOSE_CODES.protocolUnsupported:
      return { kind: 'stop', exitCode: EXIT_PROTOCOL_UNSUPPORTED, message: 'server does not accept this agent version; upgrade the agent or the server (spooled data is kept)' };
    case CLOSE_CODES.unauthorized:
      return { kind: 'refused', message: 'server refused the agent token: check AURA_TOKEN or AURA_TOKEN_FILE' };
    case CLOSE_CODES.badFrame:
    case CLOSE_CODES.tooLarge:
    case MESSAGE_TOO_BIG:
      return { kind: 'retry', message: 'server refused a frame', poison: true, level: 'error' };
    case CLOSE_CODES.replaced:
      return { kind: 'retry', message: 'another connection for this host took over: is a second agent running with the same host id?', poison: false, level: 'warn' };
    default:
      return { kind: 'retry', message: 'disconnected', poison: false, level: 'warn' };
  }
}
