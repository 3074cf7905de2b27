/** Reading a JSON body through a zod schema, with 400s that name the field (shared by the alerting routes). */
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { z } from 'zod';
import { HttpError, badRequest } from '../../middleware/errors/index.js';

/** Alerting bodies are small; anything larger is a mistake or an attack. */
export const limitBody = bodyLimit({
  maxSize: 64 * 1024,
  onError: () => {
    throw new HttpError(413, 'too_large', 'the body is larger than 64 KiB');
  },
});

export async function readBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.output<T>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new HttpError(400, 'bad_request', 'body: not valid JSON (send Content-Type: application/json and a JSON object)', 'body');
  }
  const r = schema.safeParse(raw);
  if (!r.success) throw badRequest(r.error, 'body');
  return r.data;
}

/** A numeric path id, or 404. */
export function numericId(raw: string, what: string): number {
  if (!/^\d{1,15}$/.test(raw)) throw new HttpError(404, 'not_found', `no ${what} with id "${raw}"`);
  return Number(raw);
}
