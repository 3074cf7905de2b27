/**
 * The files an install needs, found on disk: install.sh and the agent unit from this checkout or
 * package, the agent bundle and standalone binaries from agent/dist (or `agentDir`), each with its
 * SHA-256 (cached by size and mtime, so a rebuilt agent gets a new sum without a restart).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Names served under /download, and where each comes from. */
export const DOWNLOADS = ['aura-agent.cjs', 'aura-agent-linux-x64', 'aura-agent-linux-arm64', 'aura-agent.service'] as const;
export type DownloadName = (typeof DOWNLOADS)[number];

export interface InstallFiles {
  /** Absolute path of install.sh. */
  installScript: string;
  pathOf(name: DownloadName): string;
}

/** The installation's root: the first parent of this module holding install/install.sh. */
export function findInstallRoot(from = dirname(fileURLToPath(import.meta.url))): string | undefined {
  let dir = from;
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'install', 'install.sh'))) return dir;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

/**
 * Where the install files live: `root` (default: found from this module) and `agentDir`.
 * @example const files = locateInstallFiles({ agentDir: '/opt/aura/agent/dist' });
 */
export function locateInstallFiles(opts: { root?: string; agentDir?: string } = {}): InstallFiles {
  const root = opts.root ?? findInstallRoot() ?? process.cwd();
  const agentDir = opts.agentDir ?? join(root, 'agent', 'dist');
  return {
    installScript: join(root, 'install', 'install.sh'),
    pathOf: (name) => (name === 'aura-agent.service' ? join(root, 'systemd', name) : join(agentDir, name)),
  };
}

const sums = new Map<string, { size: number; mtimeMs: number; sha256: string }>();

/** SHA-256 of a file (hex), or undefined when it does not exist. */
export function sha256Of(path: string): string | undefined {
  let st;
  try {
    st = statSync(path);
  } catch {
    return undefined;
  }
  const hit = sums.get(path);
  if (hit && hit.size === st.size && hit.mtimeMs === st.mtimeMs) return hit.sha256;
  const sha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
  sums.set(path, { size: st.size, mtimeMs: st.mtimeMs, sha256 });
  return sha256;
}

/** `sha256sum`'s format, for every download that exists. */
export function sha256Sums(files: InstallFiles): string {
  return DOWNLOADS.map((n) => [sha256Of(files.pathOf(n)), n] as const)
    .filter(([sum]) => sum !== undefined)
    .map(([sum, n]) => `${sum}  ${n}\n`)
    .join('');
}

/** The version of this installation (root package.json), for aura_build_info. */
export function installVersion(root = findInstallRoot()): string {
  try {
    return (JSON.parse(readFileSync(join(root ?? '.', 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
