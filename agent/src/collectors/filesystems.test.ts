import { describe, expect, it } from 'vitest';
import { collectOnce, FIXTURES, fixture } from '../testing.js';
import { createFilesystemsCollector, fsUsage, parseMounts } from './filesystems.js';

describe('filesystems', () => {
  it('keeps only real filesystems from the captured mount table', () => {
    expect(parseMounts(fixture('proc/self/mounts'))).toEqual([{ device: '/dev/vda', mount: '/', fstype: 'ext4' }]);
  });

  it('decodes octal escapes, lists a mount point once, keeps /tmp tmpfs and network filesystems', () => {
    const table = [
      '/dev/sdb1 /mnt/my\\040data ext4 rw 0 0',
      '/dev/sdb1 /mnt/my\\040data ext4 rw 0 0',
      'tmpfs /tmp tmpfs rw 0 0',
      'tmpfs /run/user/1000 tmpfs rw 0 0',
      'nas:/export /srv/nfs nfs4 rw 0 0',
      'overlay /var/lib/docker/overlay2/abc/merged overlay rw 0 0',
      '/dev/sda1 /var/lib/docker/containers/x/hostname ext4 rw 0 0',
      '/dev/loop3 /snap/core/123 squashfs ro 0 0',
    ].join('\n');
    expect(parseMounts(table).map((m) => m.mount)).toEqual(['/mnt/my data', '/tmp', '/srv/nfs']);
  });

  it('computes use as df does: the root reserve counts as used space', () => {
    // 100 blocks of 4 KiB: 40 free, of which 30 available to users.
    const u = fsUsage({ bsize: 4096, blocks: 100, bfree: 40, bavail: 30, files: 1000, ffree: 250 })!;
    expect(u.sizeBytes).toBe(409600);
    expect(u.usedBytes).toBe(60 * 4096);
    expect(u.usedPct).toBeCloseTo((60 / 90) * 100, 10);
    expect(u.inodesUsedPct).toBe(75);
    expect(fsUsage({ bsize: 4096, blocks: 0, bfree: 0, bavail: 0, files: 0, ffree: 0 })).toBeUndefined();
  });

  it('statfs-es the real root filesystem (no df)', async () => {
    const g = (await collectOnce(createFilesystemsCollector(FIXTURES.now))).gauges;
    expect(g['disk./.size_bytes']).toBeGreaterThan(0);
    expect(g['disk./.used_pct']).toBeGreaterThanOrEqual(0);
    expect(g['disk./.used_pct']).toBeLessThanOrEqual(100);
  });
});
