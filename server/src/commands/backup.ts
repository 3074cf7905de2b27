/** `aura backup DIR [--data DIR]`: a consistent online backup of every SQLite file of the data directory. */
import { parseArgs } from 'node:util';
import { assertSameOwner, requireCatalog, resolveDataDir } from '../ops/data-dir.js';
import { backupDataDir } from '../ops/backup.js';
import { UsageError, type CommandIo } from './io.js';

export async function backupCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { data: { type: 'string' }, config: { type: 'string' } }, allowPositionals: true, strict: true });
  if (positionals.length !== 1) throw new UsageError('give one directory to back up into (example: aura backup /backups/aura-$(date +%F))');
  const dataDir = resolveDataDir(values, io.env);
  requireCatalog(dataDir);
  assertSameOwner(dataDir, 'backup …');
  const started = Date.now();
  let last = 0;
  let manifest;
  try {
    manifest = await backupDataDir(dataDir, positionals[0]!, {
      onFile: (done, total) => {
        if (Date.now() - last > 2000 || done === total) {
          last = Date.now();
          io.stderr(`backed up ${done} of ${total} files\n`);
        }
      },
    });
  } catch (err) {
    io.stderr(`aura backup: ${(err as Error).message}\n`);
    return 1;
  }
  const bytes = manifest.files.reduce((s, f) => s + f.bytes, 0);
  io.stderr(`backup of ${dataDir} complete: ${manifest.files.length} files, ${(bytes / 1024 / 1024).toFixed(1)} MiB, ${((Date.now() - started) / 1000).toFixed(1)} s, each checked with integrity_check\n`);
  io.stdout(`${JSON.stringify({ backup: positionals[0], files: manifest.files.length, bytes, createdAt: manifest.createdAt })}\n`);
  return 0;
}
