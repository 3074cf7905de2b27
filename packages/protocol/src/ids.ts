/** Branded identifiers and their validation. */
import { z } from 'zod';

export type HostId = string & { readonly __brand: 'HostId' };

/** Host ids are safe file names: they name `<data>/hosts/<hostId>.db`. */
export const HOST_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const hostIdSchema = z
  .string()
  .regex(HOST_ID_PATTERN, 'a host id is 1–64 characters of letters, digits, ".", "_" or "-", starting with a letter or digit')
  .refine((s) => !s.includes('..'), 'a host id may not contain ".."')
  .transform((s) => s as HostId);

/** Validate and brand a host id; throws with a message naming the rule. */
export function toHostId(s: string): HostId {
  return hostIdSchema.parse(s);
}
