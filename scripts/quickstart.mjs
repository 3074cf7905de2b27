#!/usr/bin/env node
// Starts an AURA server and an agent for this machine, with embedded defaults: data in ./data,
// tokens generated on the first run and kept in ./data/quickstart.env (mode 0600) so that a
// second run reuses them. Ctrl-C stops both.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const data = resolve(process.env.AURA_DATA ?? join(root, 'data'));
const port = Number(process.env.AURA_PORT ?? 8080);
const tokensFile = join(data, 'quickstart.env');
mkdirSync(data, { recursive: true });

function loadTokens() {
  if (existsSync(tokensFile)) {
    const env = Object.fromEntries(
      readFileSync(tokensFile, 'utf8')
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    if (env.AURA_AGENT_TOKEN && env.AURA_API_TOKEN) return env;
  }
  const env = {
    AURA_AGENT_TOKEN: process.env.AURA_AGENT_TOKEN ?? `aura_agent_${randomBytes(24).toString('base64url')}`,
    AURA_API_TOKEN: process.env.AURA_API_TOKEN ?? `aura_api_${randomBytes(24).toString('base64url')}`,
  };
  writeFileSync(tokensFile, `AURA_AGENT_TOKEN=${env.AURA_AGENT_TOKEN}\nAURA_API_TOKEN=${env.AURA_API_TOKEN}\n`, { mode: 0o600 });
  chmodSync(tokensFile, 0o600);
  return env;
}

const tokens = loadTokens();
const children = [];
const start = (name, args, env) => {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(`[quickstart] ${name} exited (${signal ?? code}); stopping\n`);
      stop(code ?? 1);
    }
  });
  children.push(child);
  return child;
};

let stopping = false;
function stop(code = 0) {
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 4000).unref();
  Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null))).then(() => process.exit(code));
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

start('server', ['server/dist/cli.js', 'serve', '--port', String(port), '--data', data], {
  AURA_AGENT_TOKEN: tokens.AURA_AGENT_TOKEN,
  AURA_API_TOKEN: tokens.AURA_API_TOKEN,
});

const base = `http://127.0.0.1:${port}`;
const deadline = Date.now() + 30_000;
while (true) {
  try {
    if ((await fetch(`${base}/readyz`)).ok) break;
  } catch {
    // not listening yet
  }
  if (Date.now() > deadline || stopping) {
    process.stderr.write(`[quickstart] the server did not become ready at ${base}\n`);
    stop(1);
    await new Promise(() => {});
  }
  await new Promise((r) => setTimeout(r, 200));
}

start('agent', ['agent/dist/aura-agent.cjs', '--server', `ws://127.0.0.1:${port}`, '--spool', join(data, 'agent-spool')], {
  AURA_TOKEN: tokens.AURA_AGENT_TOKEN,
});

process.stderr.write(`
  AURA is running.
    URL:          ${base}
    API token:    ${tokens.AURA_API_TOKEN}
    agent token:  ${tokens.AURA_AGENT_TOKEN}
    (tokens kept in ${tokensFile})

  Try:
    curl -H "Authorization: Bearer ${tokens.AURA_API_TOKEN}" ${base}/api/v1/hosts
    curl -H "Authorization: Bearer ${tokens.AURA_API_TOKEN}" "${base}/api/v1/hosts/<id>/metrics?metrics=cpu.total,mem.used_pct"

  Ctrl-C stops the server and the agent.
`);
