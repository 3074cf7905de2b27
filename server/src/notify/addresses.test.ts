// Address categories for the SSRF guard: every private, loopback, link-local and metadata form,
// including IPv6 spellings that embed an IPv4 address.
import { describe, expect, it } from 'vitest';
import { classifyAddress, inCidr, parseCidr, parseV6 } from './addresses.js';

describe('classifyAddress', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['1.1.1.1', 'public'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['169.254.1.1', 'link-local'],
    ['169.254.169.254', 'metadata'],
    ['169.254.170.2', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['203.0.113.9', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['0:0:0:0:0:ffff:a9fe:a9fe', 'metadata'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:8.8.8.8', 'public'],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['64:ff9b::8.8.8.8', 'public'],
    ['2002:7f00:1::1', 'loopback'],
    ['2002:808:808::1', 'public'],
    ['fd00:ec2::254', 'metadata'],
    ['fd12:3456::1', 'private'],
    ['fc00::1', 'private'],
    ['fe80::1%eth0', 'link-local'],
    ['fe80::1', 'link-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'],
    ['2606:4700:4700::1111', 'public'],
  ])('%s is %s', (addr, cat) => {
    expect(classifyAddress(addr)).toBe(cat);
  });

  it('is undefined for what is not an IP', () => {
    expect(classifyAddress('localhost')).toBeUndefined();
    expect(classifyAddress('1.2.3')).toBeUndefined();
  });
});

describe('parseV6 and CIDRs', () => {
  it('expands every spelling to eight groups', () => {
    expect(parseV6('::')).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(parseV6('1::')).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
    expect(parseV6('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(parseV6('1:2:3:4:5:6:1.2.3.4')).toEqual([1, 2, 3, 4, 5, 6, 0x102, 0x304]);
    expect(parseV6('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x102, 0x304]);
    expect(parseV6('1:2:3:4:5:6:7')).toBeUndefined();
    expect(parseV6('1::2::3')).toBeUndefined();
  });

  it('matches addresses in blocks, IPv4-mapped IPv6 against IPv4 blocks', () => {
    const lo = parseCidr('127.0.0.1/32')!;
    expect(inCidr('127.0.0.1', lo)).toBe(true);
    expect(inCidr('127.0.0.2', lo)).toBe(false);
    expect(inCidr('::ffff:127.0.0.1', lo)).toBe(true);
    expect(inCidr('10.9.8.7', parseCidr('10.0.0.0/8')!)).toBe(true);
    expect(inCidr('fd00:ec2::254', parseCidr('fd00::/8')!)).toBe(true);
    expect(inCidr('fe80::1', parseCidr('fd00::/8')!)).toBe(false);
    expect(inCidr('8.8.8.8', parseCidr('0.0.0.0/0')!)).toBe(true);
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('nonsense')).toBeUndefined();
  });
});
