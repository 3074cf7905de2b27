/**
 * The host inventory sent in every hello, read once at start-up from /etc, /proc, /sys and
 * node:os. Nothing here spawns a process either: every fact the agent needs is a file away.
 */
import { access, readFile, readdir } from 'node:fs/promises';
import { arch, cpus, hostname, networkInterfaces, release, totalmem } from 'node:os';
import type { HostFacts } from '@aura/protocol';
import { parseMounts, readProcStat, statMount, type ProcPaths } from './collectors/index.js';

/** Parse os-release(5) (pure): NAME and VERSION_ID, quotes removed. */
export function parseOsRelease(text: string): { distro?: string; release?: string } {
  const kv: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) kv[m[1]!] = m[2]!.replace(/^(["'])(.*)\1$/, '$2');
  }
  const out: { distro?: string; release?: string } = {};
  if (kv.NAME) out.distro = kv.NAME;
  const rel = kv.VERSION_ID ?? kv.VERSION ?? kv.BUILD_ID;
  if (rel) out.release = rel;
  return out;
}

/** Parse /proc/cpuinfo (pure): the model name and the number of distinct physical cores, where the kernel says. */
export function parseCpuinfo(text: string): { model?: string; physicalCores?: number } {
  const cores = new Set<string>();
  let model: string | undefined;
  let pkg = '0';
  for (const line of text.split('\n')) {
    const i = line.indexOf(':');
    if (i < 0) continue;
    const key = line.slice(0, i).trim();
    const value = line.slice(i + 1).trim();
    // x86 says "model name"; ARM kernels say "Model" (the board) or "Hardware".
    if (!model && (key === 'model name' || key === 'Model' || key === 'Hardware') && value) model = value;
    else if (key === 'physical id') pkg = value;
    else if (key === 'core id') cores.add(`${pkg}:${value}`);
  }
  const out: { model?: string; physicalCores?: number } = {};
  if (model) out.model = model;
  if (cores.size) out.physicalCores = cores.size;
  return out;
}

const clip = (s: string, n = 250) => (s.length > n ? s.slice(0, n) : s);
const readText = async (path: string) => (await readFile(path, 'utf8').catch(() => '')).trim();
const exists = (path: string) => access(path).then(() => true, () => false);

async function machineId(): Promise<string> {
  for (const p of ['/etc/machine-id', '/var/lib/dbus/machine-id']) {
    const id = await readText(p);
    if (id) return id;
  }
  // No machine id (minimal containers): the hostname is the most stable identity left.
  return `host-${hostname()}`;
}

async function readInterfaces(sys: string): Promise<HostFacts['interfaces']> {
  const addrs = networkInterfaces();
  const names = await readdir(`${sys}/class/net`).catch(() => Object.keys(addrs));
  const out: HostFacts['interfaces'] = [];
  for (const name of names.slice(0, 1024)) {
    const base = `${sys}/class/net/${name}`;
    const mac = await readText(`${base}/address`);
    // speed is Mb/s; reading it fails (EINVAL) or gives -1 while the link is down.
    const speed = Number(await readText(`${base}/speed`));
    out.push({
      name: clip(name, 64),
      ...(mac ? { mac: clip(mac, 64) } : {}),
      speedMbps: speed > 0 ? speed : null,
      addresses: (addrs[name] ?? []).slice(0, 64).map((a) => clip(a.cidr ?? a.address, 64)),
      // Physical interfaces have a backing device; bridges, veths, tunnels and lo do not.
      virtual: !(await exists(`${base}/device`)),
    });
  }
  return out;
}

async function readFilesystems(paths: ProcPaths): Promise<HostFacts['filesystems']> {
  const mounts = parseMounts(await readText(`${paths.proc}/self/mounts`)).slice(0, 1024);
  const out: HostFacts['filesystems'] = [];
  for (const m of mounts) {
    const u = await statMount(m.mount, 2000);
    out.push({ mount: clip(m.mount, 512), fstype: clip(m.fstype, 64), device: clip(m.device, 512), sizeBytes: u && u !== 'hung' ? u.sizeBytes : 0 });
  }
  return out;
}

/** Read the inventory. `hostId` overrides the id the server derives from the machine id. */
export async function readHostFacts(paths: ProcPaths, hostId?: HostFacts['hostId']): Promise<HostFacts> {
  const [osRelease, cpuinfo, stat, interfaces, filesystems, id] = await Promise.all([
    readText('/etc/os-release').then((t) => t || readText('/usr/lib/os-release')),
    readText(`${paths.proc}/cpuinfo`),
    readProcStat(paths).catch(() => undefined),
    readInterfaces(paths.sys),
    readFilesystems(paths),
    machineId(),
  ]);
  const os = parseOsRelease(osRelease);
  const cpu = parseCpuinfo(cpuinfo);
  const facts: HostFacts = {
    hostname: clip(hostname() || 'unknown', 255),
    machineId: clip(id, 128),
    os: { platform: process.platform, distro: clip(os.distro ?? 'unknown'), release: clip(os.release ?? '') },
    kernel: clip(release()),
    arch: arch(),
    cpu: {
      model: clip(cpu.model ?? cpus()[0]?.model ?? 'unknown'),
      cores: Math.max(1, cpus().length),
      ...(cpu.physicalCores ? { physicalCores: cpu.physicalCores } : {}),
    },
    memoryBytes: totalmem(),
    bootTime: stat?.bootTime ?? Math.round(Date.now() / 1000 - (Number((await readText(`${paths.proc}/uptime`)).split(' ')[0]) || 0)),
    filesystems,
    interfaces,
  };
  if (hostId) facts.hostId = hostId;
  return facts;
}
