/** JSON error bodies that name the field at fault, and the one error handler of the app. */
import type { ApiError } from '@aura/protocol';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';

export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function errorBody(code: string, message: string, field?: string): ApiError {
  return { error: field ? { code, message, field } : { code, message } };
}

export function sendError(c: Context, err: HttpError): Response {
  for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
  return c.json(errorBody(err.code, err.message, err.field), err.status);
}

/** 400 from a zod failure on a query or body, naming the first field at fault. */
export function badRequest(err: z.ZodError, where: 'query' | 'body' | 'path'): HttpError {
  const issue = err.issues[0]!;
  // Query parameters are flat: name the parameter, not the list element it was split into.
  const field = (where === 'query' ? issue.path.slice(0, 1) : issue.path).join('.') || undefined;
  const message =
    issue.code === 'unrecognized_keys' ? `unknown ${where} parameter${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}` : issue.message;
  return new HttpError(400, 'bad_request', field ? `${where} ${field}: ${message}` : message, field ?? (issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined));
}
