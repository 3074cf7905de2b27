import { chownSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing.js';
import { assertSameOwner, resolveDataDir } from './data-dir.js';

describe('data directory of the operations commands', () => {
  it('resolves like aura serve: --data over AURA_DATA over ./data', () => {
    expect(resolveDataDir({ data: '/srv/aura' }, { AURA_DATA: '/var/lib/aura' })).toBe('/srv/aura');
    expect(resolveDataDir({}, { AURA_DATA: '/var/lib/aura' })).toBe('/var/lib/aura');
    expect(resolveDataDir({}, {})).toBe(join(process.cwd(), 'data'));
  });

  it.runIf(process.getuid?.() === 0)('refuses root on a data directory another user owns, naming the user to run as', () => {
    const d = tempDir('aura-owner-');
    try {
      const data = join(d.dir, 'data');
      mkdirSync(data);
      assertSameOwner(data, 'token list', 0);
      chownSync(data, 65534, 65534);
      expect(() => assertSameOwner(data, 'token list', 0)).toThrow(/belongs to \S+, not root: run this as its owner \(example: sudo -u \S+ aura token list\)/);
      // A directory that does not exist yet is judged by its nearest existing parent.
      expect(() => assertSameOwner(join(data, 'new', 'deeper'), 'restore …', 0)).toThrow(/belongs to/);
      // Anyone but root may go ahead: the files are then created as that user, as they should be.
      assertSameOwner(data, 'token list', 1000);
    } finally {
      d.remove();
    }
  });
});
