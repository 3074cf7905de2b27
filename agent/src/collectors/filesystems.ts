/**
 * Size, use and inodes of every real filesystem: the mount table, then statfs(2) per mount (no
 * `df`). A mount whose statfs hangs (a dead NFS server) is skipped until that call returns, as
 * node_exporter does, so it cannot stall sampling or eat the thread pool.
 */
import { readFile, statfs } from 'node:fs/promises';
import { diskMetric } from '@aura/protocol';
import type { Collector, ProcPaths } from './types.js';

/** Pseudo filesystems skipped: node_exporter's default fs-types-exclude, plus memory-backed ones (below). */
export const PSEUDO_FS = new Set([
  'autofs', 'binfmt_misc', 'bpf', 'cgroup', 'cgroup2', 'configfs', 'debugfs', 'devpts', 'devtmpfs', 'efivarfs', 'erofs',
  'fusectl', 'fuse.gvfsd-fuse', 'fuse.lxcfs', 'fuse.portal', 'fuse.snapfuse', 'hugetlbfs', 'iso9660', 'mqueue', 'none',
  'nsfs', 'overlay', 'proc', 'procfs', 'pstore', 'ramfs', 'rpc_pipefs', 'securityfs', 'selinuxfs', 'squashfs', 'sysfs',
  'tracefs',
]);
/** Mount points skipped: node_exporter's default mount-points-exclude (kernel trees, container layers), plus snaps. */
export const EXCLUDED_MOUNTS = /^\/(dev|proc|sys|run\/credentials\/.+|var\/lib\/docker\/.+|var\/lib\/containers\/storage\/.+|var\/lib\/kubelet\/.+|snap\/.+)($|\/)/;
/** tmpfs is memory, mostly scratch (/dev/shm, /run/user/N): only /tmp and /run are kept, a full one breaks services. */
const KEPT_TMPFS = new Set(['/tmp', '/run']);

/** How long one statfs may take before its mount is treated as hung (node_exporter's mount-timeout default). */
export const STATFS_TIMEOUT_MS = 5000;

export interface Mount {
  device: string;
  mount: string;
  fstype: string;
}

/** The mount table escapes space, tab, newline and backslash as octal ("\040"). */
const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

/** Parse /proc/self/mounts into real filesystems (pure): pseudo ones skipped, each mount point once. */
export function parseMounts(text: string): Mount[] {
  const seen = new Set<string>();
  const out: Mount[] = [];
  for (const line of text.split('\n')) {
    const [device, mount, fstype] = line.split(' ');
    if (!device || !mount || !fstype) continue;
    const m = { device: unescape(device), mount: unescape(mount), fstype };
    if (PSEUDO_FS.has(fstype) || EXCLUDED_MOUNTS.test(m.mount) || seen.has(m.mount)) continue;
    if (fstype === 'tmpfs' && !KEPT_TMPFS.has(m.mount)) continue;
    seen.add(m.mount);
    out.push(m);
  }
  return out;
}

export interface FsUsage {
  sizeBytes: number;
  usedBytes: number;
  /** As df: used / (used + available to unprivileged users), so the root reserve counts as full. */
  usedPct: number;
  inodesUsedPct?: number;
}

/** From statfs numbers to usage (pure); undefined for a filesystem with no blocks. */
export function fsUsage(s: { bsize: number; blocks: number; bfree: number; bavail: number; files: number; ffree: number }): FsUsage | undefined {
  if (s.blocks <= 0) return undefined;
  const used = (s.blocks - s.bfree) * s.bsize;
  const usable = used + s.bavail * s.bsize;
  const u: FsUsage = { sizeBytes: s.blocks * s.bsize, usedBytes: used, usedPct: usable > 0 ? (used / usable) * 100 : 0 };
  if (s.files > 0) u.inodesUsedPct = ((s.files - s.ffree) / s.files) * 100;
  return u;
}

/** Metric names carry the mount point; whitespace is not allowed in names. */
export const mountMetricName = (mount: string) => mount.replace(/\s/g, '_');

/** Mount points whose statfs has not returned yet, shared so start-up facts and sampling agree. */
const hung = new Set<string>();

/** statfs with a deadline. @returns undefined when the mount has no blocks or its statfs failed or hangs */
export async function statMount(mount: string, timeoutMs = STATFS_TIMEOUT_MS): Promise<FsUsage | 'hung' | undefined> {
  if (hung.has(mount)) return 'hung';
  let timer: NodeJS.Timeout | undefined;
  const call = statfs(mount).then(fsUsage, () => undefined);
  const late = new Promise<'hung'>((resolve) => {
    timer = setTimeout(() => resolve('hung'), timeoutMs);
  });
  const r = await Promise.race([call, late]);
  clearTimeout(timer);
  if (r === 'hung') {
    hung.add(mount);
    void call.finally(() => hung.delete(mount));
  }
  return r;
}

export function createFilesystemsCollector(paths: ProcPaths): Collector {
  return {
    name: 'filesystems',
    cadence: 'slow',
    async collect(into) {
      const mounts = parseMounts(await readFile(`${paths.proc}/self/mounts`, 'utf8'));
      const stuck: string[] = [];
      // One at a time: mounts are few, and a burst would queue behind a hung one in the thread pool.
      for (const m of mounts) {
        const u = await statMount(m.mount);
        if (u === 'hung') stuck.push(m.mount);
        if (!u || u === 'hung') continue;
        const name = mountMetricName(m.mount);
        into.gauge(diskMetric(name, 'size_bytes'), u.sizeBytes);
        into.gauge(diskMetric(name, 'used_bytes'), u.usedBytes);
        into.gauge(diskMetric(name, 'used_pct'), u.usedPct);
        if (u.inodesUsedPct !== undefined) into.gauge(diskMetric(name, 'inodes_used_pct'), u.inodesUsedPct);
      }
      // Reported after the others were written, so one hung mount does not hide the rest.
      if (stuck.length) throw new Error(`statfs does not answer for ${stuck.join(', ')}; skipped until it does`);
    },
  };
}
