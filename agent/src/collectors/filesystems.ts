/** Size, use and inodes of every real filesystem: /proc/self/mounts, then statfs (no `df`). */
import { readFile, statfs } from 'node:fs/promises';
import { diskMetric } from '@aura/protocol';
import type { Collector, ProcPaths } from './types.js';

/** Pseudo and virtual filesystems skipped, as node_exporter's filesystem collector does by default. */
export const PSEUDO_FS = new Set([
  'autofs', 'binfmt_misc', 'bpf', 'cgroup', 'cgroup2', 'configfs', 'debugfs', 'devpts', 'devtmpfs', 'fusectl', 'hugetlbfs',
  'iso9660', 'mqueue', 'nsfs', 'overlay', 'proc', 'procfs', 'pstore', 'rpc_pipefs', 'securityfs', 'selinuxfs', 'squashfs',
  'sysfs', 'tracefs', 'tmpfs', 'ramfs', 'efivarfs', 'fuse.lxcfs', 'fuse.gvfsd-fuse', 'nfsd', 'none',
]);
export const EXCLUDED_MOUNTS = /^\/(dev|proc|run|sys|var\/lib\/docker\/.+|var\/lib\/containers\/.+|var\/lib\/kubelet\/.+|snap\/.+)($|\/)/;

export interface Mount {
  device: string;
  mount: string;
  fstype: string;
}

/** Octal escapes in /proc/mounts ("\040" for a space). */
const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

export function parseMounts(text: string): Mount[] {
  const seen = new Set<string>();
  const out: Mount[] = [];
  for (const line of text.split('\n')) {
    const [device, mount, fstype] = line.split(' ');
    if (!device || !mount || !fstype) continue;
    const m = { device: unescape(device), mount: unescape(mount), fstype };
    if (PSEUDO_FS.has(m.fstype) || EXCLUDED_MOUNTS.test(m.mount) || seen.has(m.mount)) continue;
    seen.add(m.mount);
    out.push(m);
  }
  return out;
}

export function createFilesystemsCollector(paths: ProcPaths): Collector {
  return {
    name: 'filesystems',
    cadence: 'slow',
    async collect(into) {
      const mounts = parseMounts(await readFile(`${paths.proc}/self/mounts`, 'utf8'));
      for (const m of mounts) {
        // A hung network mount must not stall the agent: statfs runs in the thread pool; skip failures.
        const s = await statfs(m.mount).catch(() => undefined);
        if (!s || s.blocks === 0) continue;
        // Metric names carry the mount point; whitespace is not allowed in names.
        const name = m.mount.replace(/\s/g, '_');
        if (name.length > 150) continue;
        const size = s.blocks * s.bsize;
        const used = (s.blocks - s.bfree) * s.bsize;
        // Used percentage as df computes it: used / (used + available to unprivileged users).
        const usable = used + s.bavail * s.bsize;
        into.gauge(diskMetric(name, 'size_bytes'), size);
        into.gauge(diskMetric(name, 'used_bytes'), used);
        into.gauge(diskMetric(name, 'used_pct'), usable > 0 ? (used / usable) * 100 : 0);
        if (s.files > 0) into.gauge(diskMetric(name, 'inodes_used_pct'), ((s.files - s.ffree) / s.files) * 100);
      }
    },
  };
}
