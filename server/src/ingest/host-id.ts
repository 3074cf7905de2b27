/** Which host a hello speaks for: the operator's override, else its machine id (stable across reinstalls). */
import { createHash } from 'node:crypto';
import { HOST_ID_PATTERN, type HelloFrame, type HostId } from '@aura/protocol';

export function hostIdFromHello(hello: HelloFrame): HostId {
  if (hello.host.hostId) return hello.host.hostId;
  const mid = hello.host.machineId.trim().toLowerCase();
  // /etc/machine-id is 32 hex digits and already a fine file name; anything else is hashed.
  if (/^[0-9a-f]{32}$/.test(mid) && HOST_ID_PATTERN.test(mid)) return mid as HostId;
  return createHash('sha256').update(hello.host.machineId).digest('hex').slice(0, 32) as HostId;
}
