/** What a command may touch of the outside world, so tests can run commands in-process. */
export interface CommandIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: NodeJS.ProcessEnv;
}

/** A usage error: the CLI prints it as one line and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
