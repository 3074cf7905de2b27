/** `aura serve [--port 8080] [--data ./data] [--config FILE]` */
import { parseArgs } from 'node:util';
import { loadServerConfig } from '../config/index.js';
import { createLogger } from '../log.js';
import { startServer } from '../server.js';
import type { CommandIo } from './io.js';

export const SERVE_HELP = `aura serve [--port 8080] [--bind 0.0.0.0] [--data ./data] [--config FILE] [--log-level info]
  env: AURA_PORT, AURA_BIND, AURA_DATA, AURA_AGENT_TOKEN, AURA_API_TOKEN (or *_FILE), AURA_CONFIG, AURA_LOG_LEVEL`;

export async function serveCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      bind: { type: 'string' },
      data: { type: 'string' },
      config: { type: 'string' },
      'log-level': { type: 'string' },
    },
    strict: true,
  });
  const config = loadServerConfig(
    { port: values.port, bind: values.bind, data: values.data, config: values.config, logLevel: values['log-level'] },
    io.env,
  );
  const log = createLogger(config.logLevel);
  const server = await startServer(config, log);
  const gen = server.generatedTokens;
  if (gen.agent || gen.api) {
    // Printed once: only hashes are stored, so these cannot be shown again (create new ones instead).
    io.stderr(
      [
        '',
        '  AURA generated tokens on first start (shown only now; store them safely):',
        gen.agent ? `    agent token: ${gen.agent}` : '',
        gen.api ? `    API token:   ${gen.api}` : '',
        '',
      ]
        .filter((l, i, a) => l !== '' || i === 0 || i === a.length - 1)
        .join('\n') + '\n',
    );
  }
  io.stderr(`AURA server at ${server.url}  (agents: ${server.url.replace(/^http/, 'ws')}/v1/agent)\n`);
  await new Promise<void>((resolve) => {
    const stop = (sig: string) => {
      log.info({ signal: sig }, 'shutting down');
      void server.close().then(resolve);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  return 0;
}
