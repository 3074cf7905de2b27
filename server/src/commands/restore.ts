/** `aura restore DIR [--data DIR] [--force]`: verify a backup, then restore it into an empty data directory. */
import { parseArgs } from 'node:util';
import { assertSameOwner, resolveDataDir } from '../ops/data-dir.js';
import { restoreDataDir } from '../ops/backup.js';
import { UsageError, type CommandIo } from './io.js';

export async function restoreCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { data: { type: 'string' }, config: { type: 'string' }, force: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError('give the backup directory (example: aura restore /backups/aura-2026-01-01 --data /var/lib/aura)');
  const dataDir = resolveDataDir(values, io.env);
  assertSameOwner(dataDir, 'restore …');
  let result;
  try {
    result = restoreDataDir(positionals[0]!, dataDir, { force: values.force ?? false });
  } catch (err) {
    io.stderr(`aura restore: ${(err as Error).message}\n`);
    return 1;
  }
  if (result.movedAside) io.stderr(`the data that was in ${dataDir} is now in ${result.movedAside}\n`);
  io.stderr(`restored ${result.manifest.files.length} files from the backup of ${result.manifest.createdAt} into ${dataDir} (SHA-256 and integrity_check verified); start the server on it\n`);
  return 0;
}
