/**
 * What kind of address an IP is: public, or one a webhook must not reach by default (private,
 * loopback, link-local, cloud metadata, …). IPv6 forms that embed an IPv4 address (mapped,
 * compatible, NAT64, 6to4) are judged by the address they embed. Pure.
 */
import { isIP } from 'node:net';

export type AddressCategory = 'public' | 'private' | 'loopback' | 'link-local' | 'metadata' | 'unspecified' | 'multicast' | 'reserved';

/** Cloud metadata and instance services (AWS, ECS, Azure, GCP, Alibaba, AWS IPv6). */
const METADATA = new Set(['169.254.169.254', '169.254.170.2', '169.254.169.253', '100.100.100.200', 'fd00:ec2:0:0:0:0:0:254']);

const V4_RANGES: Array<[base: string, bits: number, cat: AddressCategory]> = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'private'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'reserved'],
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

export function parseV4(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

const v4Ranges = V4_RANGES.map(([base, bits, cat]) => ({ base: parseV4(base)!, mask: bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0, cat }));

/** An IPv6 address as eight 16-bit groups (accepts "::" and a trailing dotted quad). */
export function parseV6(s: string): number[] | undefined {
  let text = s.toLowerCase();
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  const lastColon = text.lastIndexOf(':');
  if (lastColon < 0) return undefined;
  let tail: number[] = [];
  const last = text.slice(lastColon + 1);
  if (last.includes('.')) {
    const v4 = parseV4(last);
    if (v4 === undefined) return undefined;
    tail = [v4 >>> 16, v4 & 0xffff];
    text = text.slice(0, lastColon + 1);
    // "…:a.b.c.d" leaves a trailing ":" to drop; "…::a.b.c.d" leaves "::", which stays.
    if (!text.endsWith('::')) text = text.slice(0, -1);
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  if (![...head, ...rest].every((x) => /^[0-9a-f]{1,4}$/.test(x))) return undefined;
  const fixed = head.length + rest.length + tail.length;
  if (halves.length === 1 ? fixed !== 8 : fixed > 7) return undefined;
  const hex = (xs: string[]) => xs.map((x) => parseInt(x, 16));
  return [...hex(head), ...Array<number>(8 - fixed).fill(0), ...hex(rest), ...tail];
}

function v4FromGroups(hi: number, lo: number): string {
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
}

function classifyV4(s: string): AddressCategory {
  if (METADATA.has(s)) return 'metadata';
  const n = parseV4(s)!;
  if (n === 0xffffffff) return 'reserved';
  for (const r of v4Ranges) if (((n & r.mask) >>> 0) === r.base) return r.cat;
  return 'public';
}

function classifyV6(g: number[]): AddressCategory {
  const key = g.map((x) => x.toString(16)).join(':');
  if (METADATA.has(key)) return 'metadata';
  const zeroTo = (k: number) => g.slice(0, k).every((x) => x === 0);
  if (zeroTo(8)) return 'unspecified';
  if (zeroTo(7) && g[7] === 1) return 'loopback';
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible, deprecated): the IPv4 address decides.
  if (zeroTo(5) && (g[5] === 0xffff || g[5] === 0)) return classifyV4(v4FromGroups(g[6]!, g[7]!));
  // NAT64 well-known prefix 64:ff9b::/96 embeds the IPv4 target; 64:ff9b:1::/48 is for local use.
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return classifyV4(v4FromGroups(g[6]!, g[7]!));
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) return 'private';
  // 6to4 2002:a.b.c.d::/48.
  if (g[0] === 0x2002) return classifyV4(v4FromGroups(g[1]!, g[2]!));
  if (g[0] === 0x2001 && g[1] === 0) return 'reserved'; // Teredo: tunnels to arbitrary IPv4 peers
  if (g[0] === 0x2001 && g[1] === 0xdb8) return 'reserved';
  if (g[0] === 0x100 && zeroTo(4)) return 'reserved';
  const top = g[0]!;
  if ((top & 0xfe00) === 0xfc00) return 'private'; // fc00::/7 unique local
  if ((top & 0xffc0) === 0xfe80) return 'link-local';
  if ((top & 0xffc0) === 0xfec0) return 'private'; // site-local (deprecated)
  if ((top & 0xff00) === 0xff00) return 'multicast';
  return 'public';
}

/**
 * @example classifyAddress('::ffff:127.0.0.1') // 'loopback'
 * @example classifyAddress('169.254.169.254') // 'metadata'
 * @returns undefined when the text is not an IP address
 */
export function classifyAddress(addr: string): AddressCategory | undefined {
  const a = addr.startsWith('[') && addr.endsWith(']') ? addr.slice(1, -1) : addr;
  const v = isIP(a.split('%')[0]!);
  if (v === 4) return classifyV4(a);
  if (v === 6) {
    const g = parseV6(a);
    return g ? classifyV6(g) : undefined;
  }
  return undefined;
}

/** A CIDR block, parsed once. */
export interface Cidr {
  text: string;
  v6: boolean;
  bits: number;
  /** IPv4 as one number; IPv6 as eight groups. */
  base: number | number[];
}

/** @example parseCidr('127.0.0.1/32') */
export function parseCidr(text: string): Cidr | undefined {
  const [addr, len, extra] = text.trim().split('/');
  if (!addr || extra !== undefined) return undefined;
  const v4 = parseV4(addr);
  if (v4 !== undefined) {
    const bits = len === undefined ? 32 : Number(len);
    return Number.isInteger(bits) && bits >= 0 && bits <= 32 && (len === undefined || /^\d+$/.test(len)) ? { text, v6: false, bits, base: v4 } : undefined;
  }
  const g = isIP(addr) === 6 ? parseV6(addr) : undefined;
  if (!g) return undefined;
  const bits = len === undefined ? 128 : Number(len);
  return Number.isInteger(bits) && bits >= 0 && bits <= 128 && (len === undefined || /^\d+$/.test(len)) ? { text, v6: true, bits, base: g } : undefined;
}

/** Whether an address lies in a CIDR block (IPv4-mapped IPv6 matches IPv4 blocks too). */
export function inCidr(addr: string, c: Cidr): boolean {
  const a = addr.startsWith('[') ? addr.slice(1, -1) : addr;
  let v4 = parseV4(a);
  let g = v4 === undefined ? parseV6(a) : undefined;
  if (g && g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) {
    v4 = parseV4(v4FromGroups(g[6]!, g[7]!));
    g = undefined;
  }
  if (!c.v6) {
    if (v4 === undefined) return false;
    const mask = c.bits === 0 ? 0 : (0xffffffff << (32 - c.bits)) >>> 0;
    return ((v4 & mask) >>> 0) === ((c.base as number) & mask) >>> 0;
  }
  if (!g) return false;
  const base = c.base as number[];
  let left = c.bits;
  for (let i = 0; i < 8 && left > 0; i++, left -= 16) {
    const m = left >= 16 ? 0xffff : (0xffff << (16 - left)) & 0xffff;
    if ((g[i]! & m) !== (base[i]! & m)) return false;
  }
  return true;
}
