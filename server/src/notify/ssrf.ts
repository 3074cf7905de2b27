/**
 * The SSRF guard: a channel URL may only reach public addresses unless the config allows more.
 * Every request resolves the host (all addresses, via dns.lookup) and checks each one first; the
 * connection then goes through a lookup that checks again and hands the socket only the address
 * it checked, and the connected socket's peer is checked once more. So a DNS answer that changes
 * between the check and the connect (rebinding) cannot slip through.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { Agent, buildConnector } from 'undici';
import { z } from 'zod';
import { classifyAddress, inCidr, parseCidr, type AddressCategory, type Cidr } from './addresses.js';

export const allowTargetsSchema = z.union([
  z.boolean(),
  z
    .array(z.string())
    .min(1)
    .superRefine((list, ctx) => {
      list.forEach((c, i) => {
        if (!parseCidr(c)) ctx.addIssue({ code: 'custom', path: [i], message: `"${c}" is not a CIDR block (example: "10.0.0.0/8" or "::1/128")` });
      });
    }),
]);
export type AllowTargets = z.infer<typeof allowTargetsSchema>;

export interface TargetPolicy {
  /** Private, loopback and link-local addresses (never cloud metadata: that needs a CIDR). */
  allowPrivate: boolean;
  /** Blocks allowed whatever they are. */
  allow: Cidr[];
}

export function targetPolicy(allow: AllowTargets): TargetPolicy {
  return typeof allow === 'boolean' ? { allowPrivate: allow, allow: [] } : { allowPrivate: false, allow: allow.map((c) => parseCidr(c)!) };
}

/** A request refused before it left: the reason names the address and what it is. */
export class TargetRefused extends Error {
  override name = 'TargetRefused';
  readonly code = 'ERR_AURA_TARGET_REFUSED';
}

const PRIVATE_LIKE: ReadonlySet<AddressCategory> = new Set(['private', 'loopback', 'link-local', 'unspecified']);

/** Why an address is refused under a policy, or undefined when it is allowed. */
export function refusal(address: string, policy: TargetPolicy): string | undefined {
  const cat = classifyAddress(address);
  if (cat === undefined) return `${address} is not an IP address`;
  if (cat === 'public') return undefined;
  if (policy.allow.some((c) => inCidr(address, c))) return undefined;
  if (policy.allowPrivate && PRIVATE_LIKE.has(cat)) return undefined;
  const hint = cat === 'metadata' ? 'list it in allowPrivateTargets as a CIDR if you really mean it' : 'set allowPrivateTargets (true, or a list of CIDRs) to allow it';
  return `${address} is a ${cat} address; ${hint}`;
}

type Lookup = (hostname: string, options: { all: true; family?: number }, cb: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

/**
 * Resolve a hostname (every address) and check each; throws TargetRefused naming the first bad one.
 * @example await resolveChecked('hooks.slack.com', policy) // [{ address: '34.…', family: 4 }]
 */
export async function resolveChecked(hostname: string, policy: TargetPolicy, lookup: Lookup = dnsLookup as unknown as Lookup): Promise<LookupAddress[]> {
  const host = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  if (isIP(host)) {
    const why = refusal(host, policy);
    if (why) throw new TargetRefused(`refused: ${why}`);
    return [{ address: host, family: isIP(host) }];
  }
  const addresses = await new Promise<LookupAddress[]>((ok, fail) => lookup(host, { all: true }, (err, a) => (err ? fail(err) : ok(a))));
  if (addresses.length === 0) throw new TargetRefused(`refused: ${host} resolves to no address`);
  for (const a of addresses) {
    const why = refusal(a.address, policy);
    if (why) throw new TargetRefused(`refused: ${host} resolves to ${why}`);
  }
  return addresses;
}

/** A net/tls lookup that only ever answers with checked addresses. */
export function guardedLookup(policy: TargetPolicy, lookup: Lookup = dnsLookup as unknown as Lookup): LookupFunction {
  return (hostname, options, callback) => {
    resolveChecked(hostname, policy, lookup).then(
      (addrs) => {
        const family = typeof options.family === 'number' && options.family !== 0 ? options.family : undefined;
        const usable = family ? addrs.filter((a) => a.family === family) : addrs;
        if (usable.length === 0) return callback(Object.assign(new Error(`no IPv${family} address for ${hostname}`), { code: 'ENOTFOUND' }), '', 4);
        if (options.all) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, usable);
        else callback(null, usable[0]!.address, usable[0]!.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 4),
    );
  };
}

/**
 * An undici dispatcher whose connections are pinned to checked addresses: the lookup checks,
 * and the connected socket's peer address is checked again (IP-literal hosts skip the lookup).
 */
export function createGuardedAgent(policy: TargetPolicy, opts: { connectTimeoutMs: number; lookup?: Lookup }): Agent {
  const connector = buildConnector({ timeout: opts.connectTimeoutMs, lookup: guardedLookup(policy, opts.lookup) });
  return new Agent({
    connect(options, callback) {
      connector(options, (err, socket) => {
        if (err || !socket) return callback(err ?? new Error('no socket'), null);
        const peer = socket.remoteAddress;
        const why = peer ? refusal(peer, policy) : 'no peer address';
        if (why) {
          socket.destroy();
          return callback(new TargetRefused(`refused: connected to ${why}`), null);
        }
        callback(null, socket);
      });
    },
    keepAliveTimeout: 10_000,
  });
}
