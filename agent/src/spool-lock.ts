/**
 * One agent per spool directory: two agents numbering batches in the same spool would hand the
 * server the same sequence numbers for different samples. A pid file, taken over when its owner
 * is gone (kill -9, reboot).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class SpoolLockedError extends Error {
  override name = 'SpoolLockedError';
}

/** Is `pid` a running agent? A reused pid (after a reboot) that runs something else does not count. */
function agentRunning(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('aura');
  } catch {
    return true;
  }
}

/**
 * Take the spool's lock or throw SpoolLockedError naming the agent that holds it. A disk that
 * refuses the write (full, read-only) returns the error instead: an agent on a full disk must
 * still run, that is when it matters most.
 */
export function lockSpool(dir: string): Error | undefined {
  const path = join(dir, 'agent.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      return undefined;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return err as Error;
    }
    const owner = Number(readFileSync(path, 'utf8').trim());
    if (owner === process.pid) return undefined;
    if (agentRunning(owner)) throw new SpoolLockedError(`another agent (pid ${owner}) is using the spool ${dir}; give each agent its own --spool`);
    try {
      rmSync(path, { force: true });
    } catch (err) {
      return err as Error;
    }
  }
  throw new SpoolLockedError(`cannot take the lock ${path}`);
}

/** Release the lock at a clean exit (after kill -9 the next start takes it over). */
export function unlockSpool(dir: string): void {
  const path = join(dir, 'agent.pid');
  try {
    if (Number(readFileSync(path, 'utf8').trim()) === process.pid) rmSync(path, { force: true });
  } catch {
    // Already gone.
  }
}
