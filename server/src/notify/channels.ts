/**
 * Channels in `aura.db`: from the config file (kept in step with it at every start, read-only
 * through the API) and from the API. Secrets (Slack URLs, routing keys, webhook secrets) are
 * stored for delivery and never shown: views carry a redacted URL and which secrets are set.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ChannelInput, ChannelPatch, ChannelView, Matcher } from '@aura/protocol';
import type { Db } from '../store/index.js';
import { PAGERDUTY_EVENTS_URL } from './pagerduty.js';
import type { StoredChannel } from './types.js';

interface ChannelRow {
  id: string;
  name: string;
  type: StoredChannel['type'];
  config: string;
  source: StoredChannel['source'];
  created_at: number;
  updated_at: number;
}

interface ChannelConfigJson {
  url: string;
  routingKey?: string;
  secret?: string;
  minSeverity: StoredChannel['minSeverity'];
  matchers: Matcher[];
  enabled: boolean;
}

/** A name already taken, or a change the API may not make. */
export class ChannelConflict extends Error {
  override name = 'ChannelConflict';
}

function fromRow(r: ChannelRow): StoredChannel {
  const c = JSON.parse(r.config) as ChannelConfigJson;
  return {
    id: r.id,
    name: r.name,
    type: r.type,
    source: r.source,
    enabled: c.enabled,
    minSeverity: c.minSeverity,
    matchers: c.matchers,
    url: c.url,
    routingKey: c.routingKey,
    secret: c.secret,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function configOf(input: ChannelInput): ChannelConfigJson {
  return {
    url: input.url ?? '',
    ...(input.type === 'pagerduty' ? { routingKey: input.routingKey } : {}),
    ...(input.type === 'webhook' && input.secret ? { secret: input.secret } : {}),
    minSeverity: input.minSeverity ?? 'warning',
    matchers: input.matchers ?? [],
    enabled: input.enabled ?? true,
  };
}

/**
 * A URL safe to show: a Slack webhook URL is itself the secret, so only its origin; others lose
 * their query string (tokens often live there) and any user:password.
 * @example redactUrl('slack', 'https://hooks.slack.com/services/T0/B0/XYZ') // 'https://hooks.slack.com/…'
 */
export function redactUrl(type: StoredChannel['type'], url: string): string {
  if (!url) return '';
  try {
    const u = new URL(url);
    if (type === 'slack') return `${u.origin}/…`;
    return `${u.origin}${u.pathname}${u.search ? '?…' : ''}`;
  } catch {
    return '…';
  }
}

export class ChannelStore {
  private readonly stmt;

  constructor(
    readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {
    this.stmt = {
      all: db.prepare('SELECT * FROM channel ORDER BY name'),
      byId: db.prepare('SELECT * FROM channel WHERE id = ?'),
      byName: db.prepare('SELECT * FROM channel WHERE name = ?'),
      insert: db.prepare('INSERT INTO channel (id, name, type, config, source, created_at, updated_at) VALUES (@id, @name, @type, @config, @source, @now, @now)'),
      update: db.prepare('UPDATE channel SET name = @name, config = @config, updated_at = @now WHERE id = @id'),
      remove: db.prepare('DELETE FROM channel WHERE id = ?'),
      cancelOutbox: db.prepare("UPDATE outbox SET state = 'cancelled', done_at = ?, last_error = 'channel removed' WHERE channel_id = ? AND state = 'pending'"),
      removeNotices: db.prepare('DELETE FROM alert_notice WHERE channel_id = ?'),
    };
  }

  list(): StoredChannel[] {
    return (this.stmt.all.all() as ChannelRow[]).map(fromRow);
  }

  /** By id, or by name (what users type). */
  get(idOrName: string): StoredChannel | undefined {
    const row = (this.stmt.byId.get(idOrName) ?? this.stmt.byName.get(idOrName)) as ChannelRow | undefined;
    return row && fromRow(row);
  }

  /**
   * Add a channel. A webhook created through the API without a secret gets a generated one,
   * returned here once.
   * @throws ChannelConflict when the name is taken
   */
  create(input: ChannelInput, source: StoredChannel['source'], id?: string): { channel: StoredChannel; generatedSecret?: string } {
    if (this.stmt.byName.get(input.name)) throw new ChannelConflict(`a channel named "${input.name}" exists already`);
    let generatedSecret: string | undefined;
    const config = configOf(input);
    if (input.type === 'webhook' && !config.secret && source === 'api') {
      generatedSecret = `whsec_${randomBytes(24).toString('base64url')}`;
      config.secret = generatedSecret;
    }
    const chId = id ?? `ch-${randomBytes(6).toString('hex')}`;
    this.stmt.insert.run({ id: chId, name: input.name, type: input.type, config: JSON.stringify(config), source, now: this.now() });
    return { channel: this.get(chId)!, ...(generatedSecret ? { generatedSecret } : {}) };
  }

  /** @throws ChannelConflict for config channels and taken names */
  update(id: string, patch: ChannelPatch): StoredChannel {
    const cur = this.get(id);
    if (!cur) throw new Error(`no channel ${id}`);
    if (cur.source === 'config') throw new ChannelConflict(`channel "${cur.name}" comes from the config file; change it there`);
    if (patch.name && patch.name !== cur.name && this.stmt.byName.get(patch.name)) throw new ChannelConflict(`a channel named "${patch.name}" exists already`);
    if (patch.routingKey !== undefined && cur.type !== 'pagerduty') throw new ChannelConflict('routingKey is for pagerduty channels only');
    if (patch.secret !== undefined && cur.type !== 'webhook') throw new ChannelConflict('secret is for webhook channels only');
    const next: ChannelConfigJson = {
      url: patch.url ?? cur.url,
      ...(cur.type === 'pagerduty' ? { routingKey: patch.routingKey ?? cur.routingKey } : {}),
      ...(cur.type === 'webhook' && (patch.secret ?? cur.secret) ? { secret: patch.secret ?? cur.secret } : {}),
      minSeverity: patch.minSeverity ?? cur.minSeverity,
      matchers: patch.matchers ?? cur.matchers,
      enabled: patch.enabled ?? cur.enabled,
    };
    this.stmt.update.run({ id: cur.id, name: patch.name ?? cur.name, config: JSON.stringify(next), now: this.now() });
    return this.get(cur.id)!;
  }

  /** Remove a channel; its undelivered notifications are cancelled. */
  remove(id: string, opts: { allowConfig?: boolean } = {}): boolean {
    const cur = this.get(id);
    if (!cur) return false;
    if (cur.source === 'config' && !opts.allowConfig) throw new ChannelConflict(`channel "${cur.name}" comes from the config file; remove it there`);
    this.db.transaction(() => {
      this.stmt.cancelOutbox.run(this.now(), cur.id);
      this.stmt.removeNotices.run(cur.id);
      this.stmt.remove.run(cur.id);
    })();
    return true;
  }

  /**
   * Make the config file's channels the `config` channels: add new ones, update changed ones,
   * remove those no longer listed. A name already used by an API channel is an error.
   */
  syncFromConfig(inputs: readonly ChannelInput[]): { added: string[]; updated: string[]; removed: string[] } {
    const out = { added: [] as string[], updated: [] as string[], removed: [] as string[] };
    this.db.transaction(() => {
      const existing = new Map(this.list().filter((c) => c.source === 'config').map((c) => [c.name, c]));
      for (const input of inputs) {
        const cur = existing.get(input.name);
        existing.delete(input.name);
        if (!cur) {
          const clash = this.get(input.name);
          if (clash) throw new ChannelConflict(`config channel "${input.name}": a channel of that name was created through the API; rename one of them`);
          this.create(input, 'config', this.configId(input.name));
          out.added.push(input.name);
          continue;
        }
        const config = JSON.stringify(configOf(input));
        const row = this.stmt.byId.get(cur.id) as ChannelRow;
        if (row.config !== config || row.type !== input.type) {
          if (row.type !== input.type) {
            this.remove(cur.id, { allowConfig: true });
            this.create(input, 'config', cur.id);
          } else this.stmt.update.run({ id: cur.id, name: input.name, config, now: this.now() });
          out.updated.push(input.name);
        }
      }
      for (const gone of existing.values()) {
        this.remove(gone.id, { allowConfig: true });
        out.removed.push(gone.name);
      }
    })();
    return out;
  }

  private configId(name: string): string {
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    const id = `cfg-${slug || 'channel'}`;
    return this.stmt.byId.get(id) ? `${id}-${createHash('sha256').update(name).digest('hex').slice(0, 6)}` : id;
  }
}

/** What the API shows of a channel (secrets never included). */
export function toChannelView(ch: StoredChannel, extra: Pick<ChannelView, 'breaker' | 'pausedUntil' | 'outbox' | 'lastDelivery'>): ChannelView {
  return {
    id: ch.id,
    name: ch.name,
    type: ch.type,
    source: ch.source,
    url: redactUrl(ch.type, ch.url || (ch.type === 'pagerduty' ? PAGERDUTY_EVENTS_URL : '')),
    secrets: ch.type === 'slack' ? { url: true } : ch.type === 'pagerduty' ? { routingKey: Boolean(ch.routingKey) } : { secret: Boolean(ch.secret) },
    enabled: ch.enabled,
    minSeverity: ch.minSeverity,
    matchers: ch.matchers,
    ...extra,
    createdAt: ch.createdAt / 1000,
    updatedAt: ch.updatedAt / 1000,
  };
}
