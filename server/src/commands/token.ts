/**
 * `aura token create --kind agent|api [--name N]`, `aura token list [--json]`, `aura token revoke ID`.
 * They work on the data directory while the server runs (SQLite WAL): the server checks tokens
 * against aura.db on every agent upgrade and API request, so a new token works at once and a
 * revoked one is refused on the next connection or request.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { assertSameOwner, requireCatalog, resolveDataDir } from '../ops/data-dir.js';
import { Catalog, type TokenRow } from '../store/index.js';
import { UsageError, type CommandIo } from './io.js';

const kindSchema = z.enum(['agent', 'api'], { message: 'must be agent or api' });
const nameSchema = z.string().trim().min(1, 'must not be empty').max(64, 'is at most 64 characters');

function iso(ms: number | null): string {
  return ms === null ? '-' : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function table(rows: TokenRow[]): string {
  const lines = [['ID', 'KIND', 'NAME', 'CREATED', 'REVOKED'], ...rows.map((r) => [r.id, r.kind, r.name, iso(r.created), iso(r.revoked)])];
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  return lines.map((l) => l.map((c, i) => (i === l.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n') + '\n';
}

export async function tokenCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { kind: { type: 'string' }, name: { type: 'string' }, json: { type: 'boolean' }, data: { type: 'string' }, config: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [action, ...rest] = positionals;
  if (!action || !['create', 'list', 'revoke'].includes(action)) throw new UsageError(`give an action: create, list or revoke (example: aura token create --kind agent --name web-servers)`);
  const dataDir = resolveDataDir(values, io.env);
  assertSameOwner(dataDir, `token ${action}`);

  if (action === 'create') {
    const kind = kindSchema.safeParse(values.kind);
    if (!kind.success) throw new UsageError(`--kind ${kind.error.issues[0]!.message} (example: --kind agent)`);
    const name = nameSchema.safeParse(values.name ?? `${kind.data} token created ${iso(Date.now())}`);
    if (!name.success) throw new UsageError(`--name ${name.error.issues[0]!.message} (example: --name web-servers)`);
    const catalog = new Catalog(requireCatalogOrCreate(dataDir));
    try {
      const { id, token } = catalog.createToken(kind.data, name.data);
      io.stdout(`${token}\n`);
      io.stderr(`created ${kind.data} token ${id} ("${name.data}"); it is shown only now: only its hash is stored\n`);
    } finally {
      catalog.close();
    }
    return 0;
  }

  const catalog = new Catalog(requireCatalog(dataDir));
  try {
    if (action === 'list') {
      const rows = catalog.tokens();
      io.stdout(values.json ? `${JSON.stringify({ tokens: rows })}\n` : table(rows));
      return 0;
    }
    const [id] = rest;
    if (!id) throw new UsageError('revoke needs a token id (see aura token list; example: aura token revoke 3f2c…)');
    // A unique prefix of at least 8 characters is enough, as with git commits.
    const matches = catalog.tokens().filter((r) => r.id === id || (id.length >= 8 && r.id.startsWith(id)));
    if (matches.length !== 1) {
      io.stderr(`aura token revoke: ${matches.length === 0 ? `no token with id "${id}"` : `"${id}" matches ${matches.length} tokens; give more of the id`} (see aura token list)\n`);
      return 1;
    }
    const row = matches[0]!;
    if (!catalog.revokeToken(row.id)) {
      io.stderr(`aura token revoke: token ${row.id} was already revoked on ${iso(row.revoked)}\n`);
      return 1;
    }
    io.stderr(`revoked ${row.kind} token ${row.id} ("${row.name}"); new connections and requests with it are refused\n`);
    return 0;
  } finally {
    catalog.close();
  }
}

/** create may run before the first start (to provision agents): it makes the data directory. */
function requireCatalogOrCreate(dataDir: string): string {
  try {
    return requireCatalog(dataDir);
  } catch {
    return `${dataDir}/aura.db`;
  }
}
