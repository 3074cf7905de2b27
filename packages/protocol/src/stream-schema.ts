/** What dashboard clients may send on `/api/v1/stream`; the server validates every message with it. */
import { z } from 'zod';
import { hostIdSchema } from './ids.js';

/** Client → server. `auth` must be the first message (the token never goes in the URL). */
export const streamClientMessageSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('auth'), token: z.string().min(1, 'token: give the API token').max(512) }).strict(),
    /** Receive every sample (all metrics) and each analysis of one host; null stops. */
    z.object({ type: z.literal('watch'), hostId: hostIdSchema.nullable() }).strict(),
    z.object({ type: z.literal('ping'), id: z.number().int().min(0).optional() }).strict(),
  ],
  { error: () => 'a message is {"type":"auth","token":"…"}, {"type":"watch","hostId":"web-1"} or {"type":"ping"}' },
);
export type StreamClientMessage = z.infer<typeof streamClientMessageSchema>;
