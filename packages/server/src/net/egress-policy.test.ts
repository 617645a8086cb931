import { ToolRouterError } from '@toolrouter/core';
import { describe, expect, it } from 'vitest';
import { checkAddresses, isAddressAllowlisted, isHostAllowlisted, mergeAllowlists, parseAllowlist, specialRange } from './egress-policy.js';

describe('specialRange', () => {
  // [address, expected range or null for public]
  const table: [string, string | null][] = [
    ['8.8.8.8', null],
    ['1.1.1.1', null],
    ['140.82.112.3', null],
    ['2606:4700:4700::1111', null],
    ['2a00:1450:4001:80b::200e', null],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.7', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['100.127.255.254', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['192.0.2.1', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['fe80::1', 'linkLocal'],
    ['fe80::1%eth0', 'linkLocal'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:169.254.169.254', 'linkLocal'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:8.8.8.8', null],
    ['::7f00:1', 'ipv4Compatible'],
    ['::808:808', 'ipv4Compatible'],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::127.0.0.1', 'loopback'],
    ['64:ff9b::8.8.8.8', null],
    ['64:ff9b:1::1', 'rfc6052'],
    ['2002:7f00:1::', '6to4'],
    ['2001:db8::1', 'reserved'],
    ['localhost', 'invalid'],
    ['0x7f.1', 'invalid'],
  ];
  it.each(table)('%s -> %s', (address, expected) => {
    expect(specialRange(address)).toBe(expected);
  });
});

describe('parseAllowlist', () => {
  it('parses hosts, IPs and CIDRs from a comma-separated string', () => {
    const list = parseAllowlist(' 127.0.0.1, LocalHost. ,10.0.0.0/8,fc00::/7, ::1 ,,');
    expect([...list.hosts]).toEqual(['localhost']);
    expect(list.ranges).toHaveLength(4);
  });

  it('matches addresses against CIDR ranges', () => {
    const list = parseAllowlist(['10.0.0.0/8', '192.168.1.0/24', 'fd00::/8']);
    expect(isAddressAllowlisted(list, '10.200.3.4')).toBe(true);
    expect(isAddressAllowlisted(list, '11.0.0.1')).toBe(false);
    expect(isAddressAllowlisted(list, '192.168.1.77')).toBe(true);
    expect(isAddressAllowlisted(list, '192.168.2.1')).toBe(false);
    expect(isAddressAllowlisted(list, 'fd00:1::5')).toBe(true);
    expect(isAddressAllowlisted(list, 'fc00::5')).toBe(false);
    // IPv4-mapped spelling of an allowlisted IPv4 address.
    expect(isAddressAllowlisted(list, '::ffff:10.1.1.1')).toBe(true);
  });

  it('treats a single IP as an exact match', () => {
    const list = parseAllowlist('127.0.0.1');
    expect(isAddressAllowlisted(list, '127.0.0.1')).toBe(true);
    expect(isAddressAllowlisted(list, '::ffff:127.0.0.1')).toBe(true);
    expect(isAddressAllowlisted(list, '127.0.0.2')).toBe(false);
    expect(isAddressAllowlisted(list, '::1')).toBe(false);
  });

  it('matches hostnames case-insensitively and ignores a trailing dot', () => {
    const list = parseAllowlist('Internal.Example.com');
    expect(isHostAllowlisted(list, 'internal.example.com.')).toBe(true);
    expect(isHostAllowlisted(list, 'INTERNAL.example.COM')).toBe(true);
    expect(isHostAllowlisted(list, 'evil.internal.example.com')).toBe(false);
  });

  it('rejects invalid entries, listing all of them', () => {
    let caught: unknown;
    try {
      parseAllowlist('10.0.0.0/33, ok.example, not a host, 127.1, http://x.example, 10.0.0.0/8/1');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ToolRouterError);
    const error = caught as ToolRouterError;
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.errors).toHaveLength(5);
    expect(error.message).toContain('10.0.0.0/33');
  });

  it('reads TOOLROUTER_EGRESS_ALLOW and merges per-project lists', () => {
    const operator = parseAllowlist('127.0.0.1,localhost');
    expect(isHostAllowlisted(operator, 'localhost')).toBe(true);
    expect(parseAllowlist(undefined).ranges).toHaveLength(0);
    const merged = mergeAllowlists(operator, parseAllowlist('10.0.0.0/8'));
    expect(isAddressAllowlisted(merged, '127.0.0.1')).toBe(true);
    expect(isAddressAllowlisted(merged, '10.0.0.9')).toBe(true);
  });
});

describe('checkAddresses', () => {
  const list = parseAllowlist('127.0.0.1,trusted.internal');

  it('allows public addresses without any allowlist', () => {
    expect(checkAddresses('example.com', ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'], parseAllowlist(undefined))).toEqual({ allowed: true });
  });

  it('refuses when ANY resolved address is special and not allowlisted', () => {
    expect(checkAddresses('mixed.example', ['8.8.8.8', '10.0.0.1'], list)).toEqual({
      allowed: false,
      address: '10.0.0.1',
      range: 'private',
    });
  });

  it('allows special addresses that are allowlisted themselves', () => {
    expect(checkAddresses('evil.example', ['127.0.0.1'], list)).toEqual({ allowed: true });
    expect(checkAddresses('evil.example', ['127.0.0.1', '::1'], list)).toMatchObject({ allowed: false, address: '::1' });
  });

  it('allows any address for a host allowlisted by name', () => {
    expect(checkAddresses('trusted.internal', ['10.9.8.7', 'fd00::1'], list)).toEqual({ allowed: true });
  });
});
