#!/usr/bin/env node
// Installs what AURA needs on a machine that has only Node >= 20 and npm: pnpm (locally, under
// .tools/, when it is not on PATH), the workspace's packages, and the builds. With --test it also
// installs the reference tools the tests use as oracles (Debian packages, when run as root).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const say = (msg) => process.stderr.write(`[setup] ${msg}\n`);

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 18)) {
  say(`Node ${process.versions.node} is too old: AURA needs Node 20.18 or newer`);
  process.exit(1);
}

function run(cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { cwd: root, stdio: 'inherit', ...opts, env: { ...process.env, ...opts.env } });
  if (r.status !== 0) {
    say(`failed: ${cmd} ${argv.join(' ')} (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
}

function findPnpm() {
  const local = join(root, '.tools', 'node_modules', '.bin', 'pnpm');
  if (existsSync(local)) return local;
  try {
    const v = execFileSync('pnpm', ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    if (Number(v.split('.')[0]) >= 9) return 'pnpm';
  } catch {
    // not on PATH
  }
  say('pnpm not found: installing pnpm@10 under .tools/ (corepack is not used: it may not reach its download host)');
  mkdirSync(join(root, '.tools'), { recursive: true });
  run('npm', ['install', '--prefix', join(root, '.tools'), '--no-audit', '--no-fund', '--loglevel=error', 'pnpm@10']);
  return local;
}

const pnpm = findPnpm();
// onnxruntime-node's postinstall would download GPU binaries; its CPU binaries ship in the package.
// Root scripts call `pnpm` by name, so a pnpm installed under .tools/ goes on their PATH.
const env = {
  ONNXRUNTIME_NODE_INSTALL: 'skip',
  CI: process.env.CI ?? '',
  PATH: `${join(root, '.tools', 'node_modules', '.bin')}${delimiter}${process.env.PATH ?? ''}`,
};
say('installing workspace packages (better-sqlite3 compiles from source when no prebuilt binary is reachable: about 70 s)');
run(pnpm, ['install', '--frozen-lockfile', '--config.manage-package-manager-versions=false'], { env });
say('building');
run(pnpm, ['--config.manage-package-manager-versions=false', 'run', 'build'], { env });

if (args.has('--test')) installTestTools();

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function installTestTools() {
  const wanted = [
    ['ripser', () => has('ripser')],
    ['python3-gudhi', () => spawnSync('/usr/bin/python3', ['-c', 'import gudhi'], { stdio: 'ignore' }).status === 0],
    ['sqlite3', () => has('sqlite3')],
    // Browser tests drive Debian's Chromium (never a downloaded browser); `aura top` is tested in tmux.
    ['chromium', () => existsSync('/usr/bin/chromium')],
    ['tmux', () => has('tmux')],
    // Install and operations tests (test/install): the scripts' linter, systemd-analyze (works
    // without systemd as PID 1), promtool (package prometheus), curl for `curl | sh`, and
    // docker-compose to validate deploy/compose.yaml without a container engine.
    ['shellcheck', () => has('shellcheck')],
    ['systemd', () => has('systemd-analyze')],
    ['prometheus', () => has('promtool')],
    ['curl', () => has('curl')],
    ['docker-compose', () => has('docker-compose')],
  ].filter(([, present]) => !present());
  if (wanted.length === 0) return;
  const names = wanted.map(([n]) => n);
  if (process.getuid?.() !== 0 || !has('apt-get')) {
    say(`reference tools missing (${names.join(', ')}); tests that compare against them will say they are skipped`);
    return;
  }
  say(`installing reference tools for the tests: ${names.join(', ')}`);
  const quiet = { env: { DEBIAN_FRONTEND: 'noninteractive' }, stdio: ['ignore', 'ignore', 'inherit'] };
  run('apt-get', ['update', '-qq'], quiet);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...names], quiet);
}
