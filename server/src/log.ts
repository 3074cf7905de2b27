/** Structured JSON logs (pino) on stdout, one line per event. */
import { pino, type Logger } from 'pino';

export function createLogger(level: string, name = 'aura'): Logger {
  return pino({ name, level, base: { pid: process.pid } });
}
