import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOST_ID_PATTERN, hostIdSchema, toHostId } from './ids.js';

describe('host ids', () => {
  it.each(['web-01', 'a', '3d1219c7c4c5404aaa1f6d2a48adfda4', 'db.eu_1', 'A.b-C_d', 'x'.repeat(64), '0'])('%j is a host id', (ok) => {
    expect(hostIdSchema.safeParse(ok).success).toBe(true);
    expect(toHostId(ok)).toBe(ok);
  });

  it.each(['', '../x', 'a/b', 'a\\b', '.hidden', '-flag', '_x', 'a..b', 'x'.repeat(65), 'sp ace', 'tab\t', 'nul\0', 'é', 'a:b', 'web-1\n'])('%j is refused', (bad) => {
    expect(hostIdSchema.safeParse(bad).success).toBe(false);
    expect(() => toHostId(bad)).toThrow();
  });

  it('the refusal names the rule', () => {
    const r = hostIdSchema.safeParse('../x');
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues[0]!.message).toMatch(/letters, digits, "\.", "_" or "-"/);
    const dots = hostIdSchema.safeParse('a..b');
    if (!dots.success) expect(dots.error.issues[0]!.message).toBe('a host id may not contain ".."');
  });

  it('property: every accepted id is a plain file name inside the hosts folder', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'ab9.-_/\\ \0'.split('')), maxLength: 70 }), (s) => {
        const ok = hostIdSchema.safeParse(s).success;
        if (ok) {
          expect(s).toMatch(HOST_ID_PATTERN);
          expect(s.length).toBeGreaterThanOrEqual(1);
          expect(s.length).toBeLessThanOrEqual(64);
          expect(s).not.toMatch(/[/\\\0\s]|\.\.|^\./);
        }
      }),
      { numRuns: 500 },
    );
  });
});
