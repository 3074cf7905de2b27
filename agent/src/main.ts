/** The agent's entry point: --help, --version, configuration, then --once or the running agent. */
import { AgentStartError, startAgent } from './agent.js';
import { AgentConfigError, HELP, loadAgentConfig, type AgentConfig } from './config.js';
import { createLogger } from './log.js';
import { runOnce } from './once.js';

declare const __AGENT_VERSION__: string | undefined;
/** Set by the bundler from package.json; sources run by tests report a dev version. */
export const AGENT_VERSION = typeof __AGENT_VERSION__ === 'string' ? __AGENT_VERSION__ : '0.0.0-dev';

/** Run the agent; resolves with the exit code (0 ok, 1 runtime failure, 2 bad configuration, 3 protocol refused). */
export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(HELP);
    return 0;
  }
  if (argv.includes('--version')) {
    process.stdout.write(`aura-agent ${AGENT_VERSION}\n`);
    return 0;
  }
  let config: AgentConfig;
  try {
    config = loadAgentConfig(argv, env);
  } catch (err) {
    if (!(err instanceof AgentConfigError)) throw err;
    process.stderr.write(`aura-agent: ${err.message}\n`);
    return 2;
  }
  const log = createLogger(config.logLevel);
  if (config.once) {
    await runOnce(config, createLogger('warn'));
    return 0;
  }
  try {
    const agent = await startAgent(config, log, AGENT_VERSION);
    // A second signal while stopping gets the default action: exit at once.
    process.once('SIGTERM', () => void agent.stop('SIGTERM'));
    process.once('SIGINT', () => void agent.stop('SIGINT'));
    return await agent.done;
  } catch (err) {
    if (!(err instanceof AgentStartError)) throw err;
    log.error(err.message, { spool: config.spool });
    return 1;
  }
}
