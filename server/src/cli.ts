#!/usr/bin/env node
/** The `aura` command: one entry point, one module per subcommand. */
import { ConfigError } from './config/index.js';
import { UsageError, type CommandIo } from './commands/io.js';
import { SERVE_HELP, serveCommand } from './commands/serve.js';
import { SIMULATE_HELP, simulateCommand } from './commands/simulate.js';
import { TOP_HELP } from './commands/top.js';

const VERSION = '0.1.0';

const HELP = `aura ${VERSION}: infrastructure monitor

Commands:
  ${SERVE_HELP.split('\n').join('\n  ')}
  ${SIMULATE_HELP.split('\n').join('\n  ')}
  ${TOP_HELP.split('\n').join('\n  ')}
  aura ph FILE.csv [--dim 1] [--threshold T] [--format json|ripser]
  aura replay FILE.csv [--step 1m] [--window 10m] [--points 60] [--cores N] [--model FILE]
  aura train [--out FILE] [--seed 1] [--hosts 120] [--days 3] [--epochs 30] [--threads 2] [--quick]
  aura eval [--json] [--hosts 120] [--days 3] [--model FILE] [--threads 2]
  aura token create --kind agent|api [--name NAME] | list [--json] | revoke ID   [--data DIR]
  aura backup DIR [--data DIR]          online backup of every SQLite file (server may run)
  aura restore DIR [--data DIR] [--force]   into an empty data directory (server stopped)
  aura version
`;

type Command = (args: string[], io: CommandIo) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  serve: serveCommand,
  simulate: simulateCommand,
  ph: async (args, io) => {
    const { phCommand } = await import('./commands/ph.js');
    const { readFile } = await import('node:fs/promises');
    return phCommand(args, { ...io, readFile: (p) => readFile(p, 'utf8') });
  },
  eval: async (args, io) => (await import('./commands/eval.js')).evalCommand(args, io),
  train: async (args, io) => (await import('./commands/train.js')).trainCommand(args, io),
  replay: async (args, io) => {
    const { replayCommand } = await import('./commands/replay.js');
    const { readFile } = await import('node:fs/promises');
    return replayCommand(args, { ...io, readFile: (p) => readFile(p, 'utf8') });
  },
  top: async (args, io) => (await import('./commands/top.js')).topCommand(args, io),
  token: async (args, io) => (await import('./commands/token.js')).tokenCommand(args, io),
  backup: async (args, io) => (await import('./commands/backup.js')).backupCommand(args, io),
  restore: async (args, io) => (await import('./commands/restore.js')).restoreCommand(args, io),
  version: async (_args, io) => {
    io.stdout(`${VERSION}\n`);
    return 0;
  },
};

async function main(argv: string[]): Promise<number> {
  const io: CommandIo = {
    stdout: (s) => void process.stdout.write(s),
    stderr: (s) => void process.stderr.write(s),
    env: process.env,
  };
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(HELP);
    return name ? 0 : 2;
  }
  if (name === '--version') return COMMANDS.version!([], io);
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`aura: unknown command "${name}" (commands: ${Object.keys(COMMANDS).join(', ')}; see aura help)\n`);
    return 2;
  }
  try {
    return await command(args, io);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`aura ${name}: ${(err as Error).message}\n`);
      return 2;
    }
    io.stderr(`aura ${name}: ${(err as Error).stack ?? String(err)}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`aura: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
