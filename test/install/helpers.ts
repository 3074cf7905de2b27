/** Running the installers as a user would, against a real server, with a systemctl that records its calls. */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT, tempDir } from '../helpers/procs.js';

export const STANDALONE = join(ROOT, `agent/dist/aura-agent-linux-${process.arch}`);
export const isRoot = process.getuid?.() === 0;
export const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

/** Build the standalone agent when it is missing or older than the bundle (about 5 s). */
export function ensureStandalone(): void {
  const bundle = join(ROOT, 'agent/dist/aura-agent.cjs');
  if (existsSync(STANDALONE) && statSync(STANDALONE).mtimeMs >= statSync(bundle).mtimeMs) return;
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/build-standalone-agent.mjs')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`building the standalone agent failed: ${r.stderr}`);
}

/** A directory with a `systemctl` that appends its arguments to `log` and succeeds. */
export function fakeSystemctl(): { bin: string; log: string; calls(): string[] } {
  const dir = tempDir('fake-systemctl');
  const log = join(dir, 'calls.log');
  writeFileSync(join(dir, 'systemctl'), '#!/bin/sh\nprintf \'%s\\n\' "$*" >> "$SYSTEMCTL_LOG"\n');
  chmodSync(join(dir, 'systemctl'), 0o755);
  return { bin: dir, log, calls: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []) };
}

export interface ShResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Run a shell command line asynchronously (the server under test lives in another process, but tests keep their event loop free). */
export function sh(script: string, env: Record<string, string | undefined>, opts: { uid?: number } = {}): Promise<ShResult> {
  const argv = opts.uid === undefined ? ['sh', '-c', script] : ['setpriv', `--reuid=${opts.uid}`, `--regid=${opts.uid}`, '--clear-groups', 'sh', '-c', script];
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

export interface Entry {
  path: string;
  type: 'file' | 'dir' | 'link';
  mode: string;
  uid: number;
  gid: number;
}

/** Every entry under `dir`, relative, with type, permission bits and owner. */
export function tree(dir: string): Entry[] {
  const out: Entry[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = lstatSync(p);
      out.push({ path: relative(dir, p), type: st.isSymbolicLink() ? 'link' : st.isDirectory() ? 'dir' : 'file', mode: (st.mode & 0o7777).toString(8).padStart(4, '0'), uid: st.uid, gid: st.gid });
      if (st.isDirectory()) walk(p);
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

/** `KEY=VALUE` lines of an EnvironmentFile (comments and blank lines skipped). */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) env[m[1]!] = m[2]!;
  }
  return env;
}

/** The value of a unit key (the last one wins, as in systemd). */
export function unitValue(unit: string, key: string): string | undefined {
  return unit
    .split('\n')
    .filter((l) => l.startsWith(`${key}=`))
    .map((l) => l.slice(key.length + 1))
    .at(-1);
}

export function mkdirOwned(path: string, uid: number): string {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  if (isRoot) spawnSync('chown', [`${uid}:${uid}`, path]);
  return path;
}
