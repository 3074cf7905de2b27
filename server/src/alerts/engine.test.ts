// The alert engine on a real SQLite catalog, driven by hand-built council decisions in event
// time: lifecycle, dedup, grouping, group wait and interval, escalation, repeats, acks,
// silences, per-channel severity and matchers, and recovery after a crash.
import { join } from 'node:path';
import type { AlertView, Concern, CouncilDecision, Severity } from '@aura/protocol';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChannelStore, Outbox, type Notification } from '../notify/index.js';
import { Catalog } from '../store/index.js';
import { tempDir } from '../testing.js';
import { DEFAULT_ALERTING } from './config.js';
import { AlertConflict, AlertEngine } from './engine.js';
import { SilenceStore } from './silences.js';
import { AlertStore } from './store.js';

const T0 = Date.UTC(2026, 0, 1);
const S = 1000;
const MIN = 60_000;
const config = { ...DEFAULT_ALERTING, groupWait: 30 * S, groupInterval: 5 * MIN, repeatInterval: 4 * 3_600_000 };

let dir: ReturnType<typeof tempDir>;
let catalog: Catalog;
let engine: AlertEngine;
let outbox: Outbox;
let silences: SilenceStore;
let store: AlertStore;
let changes: AlertView[];

function makeEngine(): AlertEngine {
  return new AlertEngine({
    db: catalog.db,
    store,
    silences,
    channels: new ChannelStore(catalog.db),
    outbox,
    config,
    hostname: (id) => `${id}.example.net`,
    dashboardUrl: () => 'http://aura.test',
    log: pino({ level: 'silent' }),
    onChange: (v) => changes.push(v),
  });
}

beforeEach(() => {
  dir = tempDir('aura-engine-');
  catalog = new Catalog(join(dir.dir, 'aura.db'));
  const channels = new ChannelStore(catalog.db);
  channels.create({ name: 'slack', type: 'slack', url: 'https://hooks.slack.com/services/T/B/X' }, 'api');
  channels.create({ name: 'pd', type: 'pagerduty', routingKey: 'R0UT1NG' }, 'api');
  channels.create({ name: 'hook', type: 'webhook', url: 'https://hooks.example.com/aura', secret: 'a-webhook-secret' }, 'api');
  outbox = new Outbox(catalog.db);
  silences = new SilenceStore(catalog.db);
  store = new AlertStore(catalog.db);
  changes = [];
  engine = makeEngine();
});
afterEach(() => {
  catalog.close();
  dir.remove();
});

function decision(ts: number, concerns: Array<[kind: string, severity: Severity, pending?: Severity]>): CouncilDecision {
  const cs: Concern[] = concerns.map(([kind, severity, pending]) => ({ kind, severity, raw: pending ?? severity, since: ts / 1000, pending: pending ? { severity: pending, since: ts / 1000 - 60 } : null }));
  return {
    ts: ts / 1000,
    decision: cs.reduce<Severity>((m, c) => (['ok', 'watch', 'warning', 'critical'].indexOf(c.severity) > ['ok', 'watch', 'warning', 'critical'].indexOf(m) ? c.severity : m), 'ok'),
    kind: concerns[0]?.[0] ?? 'none',
    summary: 'test decision',
    votes: cs.map((c) => ({ analyser: 'resources', severity: c.severity, confidence: 0.9, kind: c.kind, evidence: [`${c.kind} is ${c.severity}`], recommendation: `fix ${c.kind}` })),
    concerns: cs,
  };
}

interface Sent {
  channel: string;
  orderKey: string;
  event: string;
  n: Notification;
}
function sent(): Sent[] {
  const rows = catalog.db.prepare('SELECT o.*, c.name FROM outbox o JOIN channel c ON c.id = o.channel_id ORDER BY o.id').all() as Array<{ name: string; order_key: string; event: string; payload: string }>;
  return rows.map((r) => ({ channel: r.name, orderKey: r.order_key, event: r.event, n: JSON.parse(r.payload) as Notification }));
}
const summary = () => sent().map((s) => `${s.channel}:${s.event}:${s.n.alerts.map((a) => `${a.kind}/${a.severity}`).join('+')}`);

describe('alert lifecycle', () => {
  it('pending → firing → resolved, one alert per host + kind, every step in the history', () => {
    engine.apply('web-1', decision(T0, [['memory', 'watch', 'warning']]));
    expect(store.active('web-1')).toMatchObject([{ state: 'pending', severity: 'warning', fingerprint: 'web-1/memory', starts_at: T0 - 60 * S }]);
    engine.apply('web-1', decision(T0 + MIN, [['memory', 'warning']]));
    engine.apply('web-1', decision(T0 + 2 * MIN, [['memory', 'warning']]));
    const [a] = store.active('web-1');
    expect(a).toMatchObject({ state: 'firing', fired_at: T0 + MIN, updated_at: T0 + 2 * MIN });
    engine.apply('web-1', decision(T0 + 3 * MIN, [['memory', 'critical']]));
    engine.apply('web-1', decision(T0 + 9 * MIN, [['memory', 'ok']]));
    expect(store.active('web-1')).toEqual([]);
    expect(store.get(a!.id)).toMatchObject({ state: 'resolved', resolved_at: T0 + 9 * MIN, severity: 'critical' });
    expect(store.history(a!.id).map((e) => [e.type, e.severity])).toEqual([['pending', 'warning'], ['firing', 'warning'], ['escalated', 'critical'], ['resolved', 'critical']]);
    expect(changes.map((c) => c.state)).toEqual(['pending', 'firing', 'firing', 'firing', 'resolved']);
  });

  it('a pending alert that clears is cancelled and never notified', () => {
    engine.apply('web-1', decision(T0, [['disk', 'watch', 'warning']]));
    engine.apply('web-1', decision(T0 + MIN, [['disk', 'ok']]));
    engine.tick(T0 + 10 * MIN);
    expect(store.list({ states: ['resolved'], limit: 10 })).toMatchObject([{ fired_at: null, kind: 'disk' }]);
    expect(sent()).toEqual([]);
  });

  it('a kind missing from a decision is resolved; silent alerts only follow sweep decisions', () => {
    engine.apply('web-1', decision(T0, [['cpu', 'warning']]));
    engine.apply('web-1', decision(T0, [['silent', 'warning']]), { silentOnly: true });
    engine.apply('web-1', decision(T0 + MIN, []));
    expect(store.active('web-1').map((a) => a.kind)).toEqual(['silent']);
    engine.apply('web-1', decision(T0 + 2 * MIN, [['silent', 'ok']]), { silentOnly: true });
    expect(store.active('web-1')).toEqual([]);
  });

  it('an older decision (a replay catching up) does not undo a newer one', () => {
    engine.apply('web-1', decision(T0 + 10 * MIN, [['cpu', 'warning']]));
    engine.apply('web-1', decision(T0, [['cpu', 'ok']]));
    expect(store.active('web-1')).toHaveLength(1);
  });
});

describe('notifications', () => {
  it('wait for the group: two kinds firing together make one Slack and one webhook message, two PagerDuty events', () => {
    engine.apply('web-1', decision(T0, [['memory', 'warning']]));
    engine.tick(T0 + 10 * S);
    engine.apply('web-1', decision(T0 + 20 * S, [['memory', 'warning'], ['disk', 'critical']]));
    engine.tick(T0 + 29 * S);
    expect(sent()).toEqual([]);
    engine.tick(T0 + 30 * S);
    expect(summary().sort()).toEqual(['hook:firing,firing:memory/warning+disk/critical', 'pd:firing:disk/critical', 'pd:firing:memory/warning', 'slack:firing,firing:memory/warning+disk/critical']);
    const pd = sent().filter((s) => s.channel === 'pd');
    expect(new Set(pd.map((s) => s.orderKey)).size).toBe(2);
    expect(pd.every((s) => s.n.alerts.length === 1)).toBe(true);
    // Deduplicated: the same decisions again send nothing new.
    engine.apply('web-1', decision(T0 + MIN, [['memory', 'warning'], ['disk', 'critical']]));
    engine.tick(T0 + 20 * MIN);
    expect(sent()).toHaveLength(4);
  });

  it('escalations and resolves come at the group interval; every idempotency key is new', () => {
    engine.apply('web-1', decision(T0, [['memory', 'warning']]));
    engine.tick(T0 + 30 * S);
    engine.apply('web-1', decision(T0 + MIN, [['memory', 'critical']]));
    engine.tick(T0 + 5 * MIN);
    expect(sent()).toHaveLength(3);
    engine.tick(T0 + 30 * S + 5 * MIN);
    engine.apply('web-1', decision(T0 + 6 * MIN, [['memory', 'ok']]));
    engine.tick(T0 + 10 * MIN);
    engine.tick(T0 + 30 * S + 10 * MIN);
    expect(summary()).toEqual([
      'hook:firing:memory/warning', 'pd:firing:memory/warning', 'slack:firing:memory/warning',
      'hook:escalated:memory/critical', 'pd:escalated:memory/critical', 'slack:escalated:memory/critical',
      'hook:resolved:memory/critical', 'pd:resolved:memory/critical', 'slack:resolved:memory/critical',
    ]);
    const keys = sent().map((s) => s.n.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
    const resolved = sent().find((s) => s.channel === 'hook' && s.event === 'resolved')!;
    expect(resolved.n).toMatchObject({ status: 'resolved', firingCount: 0, groupKey: 'host:web-1' });
  });

  it('reminders after the repeat interval (not to PagerDuty); an acknowledgement stops them and tells PagerDuty', () => {
    engine.apply('web-1', decision(T0, [['disk', 'warning']]));
    engine.tick(T0 + 30 * S);
    engine.tick(T0 + 30 * S + 4 * 3_600_000);
    expect(summary().slice(3)).toEqual(['hook:repeat:disk/warning', 'slack:repeat:disk/warning']);
    const [a] = store.active('web-1');
    engine.ack(a!.id, 'alice', 'looking');
    expect(summary().slice(5).sort()).toEqual(['hook:acknowledged:disk/warning', 'pd:acknowledged:disk/warning', 'slack:acknowledged:disk/warning']);
    engine.tick(T0 + 30 * S + 9 * 3_600_000);
    expect(sent()).toHaveLength(8);
    expect(store.get(a!.id)).toMatchObject({ acked_by: 'alice', ack_comment: 'looking' });
    engine.apply('web-1', decision(T0 + 10 * 3_600_000, [['disk', 'ok']]));
    expect(() => engine.ack(a!.id, 'bob', '')).toThrow(AlertConflict);
  });

  it('silences mute matching alerts; when one expires the alert is sent; a resolve owed is sent even when silenced', () => {
    silences.create({ matchers: [{ name: 'host', op: '=~', value: 'web-.*' }], startsAt: T0, endsAt: T0 + 10 * MIN, createdBy: 'alice', comment: 'maintenance', createdAt: T0 });
    engine.apply('web-1', decision(T0 + MIN, [['memory', 'warning']]));
    engine.apply('db-1', decision(T0 + MIN, [['memory', 'warning']]));
    engine.tick(T0 + 2 * MIN);
    expect(new Set(sent().map((s) => s.n.host!.id))).toEqual(new Set(['db-1']));
    expect(engine.view(store.active('web-1')[0]!, T0 + 2 * MIN).silencedBy).toHaveLength(1);
    engine.tick(T0 + 10 * MIN);
    engine.tick(T0 + 10 * MIN + 30 * S);
    expect(sent().filter((s) => s.n.host!.id === 'web-1').map((s) => s.event)).toEqual(['firing', 'firing', 'firing']);
    // Silenced again, then resolved: the channels that heard of it still get the resolve.
    silences.create({ matchers: [{ name: 'kind', op: '=', value: 'memory' }], startsAt: T0 + 11 * MIN, endsAt: T0 + 60 * MIN, createdBy: 'bob', comment: 'x', createdAt: T0 });
    engine.apply('web-1', decision(T0 + 12 * MIN, [['memory', 'ok']]));
    engine.tick(T0 + 20 * MIN);
    expect(sent().filter((s) => s.n.host!.id === 'web-1').map((s) => s.event).slice(3)).toEqual(['resolved', 'resolved', 'resolved']);
  });

  it('a channel takes alerts from its minimum severity and matching its matchers, then follows them to the resolve', () => {
    const channels = new ChannelStore(catalog.db);
    for (const c of channels.list()) channels.remove(c.id);
    channels.create({ name: 'pager', type: 'pagerduty', routingKey: 'k', minSeverity: 'critical' }, 'api');
    channels.create({ name: 'db-team', type: 'webhook', url: 'https://h.example.com/x', secret: 'a-webhook-secret', matchers: [{ name: 'host', op: '=~', value: 'db-.*' }] }, 'api');
    engine.apply('web-1', decision(T0, [['memory', 'warning']]));
    engine.apply('db-1', decision(T0, [['memory', 'warning']]));
    engine.tick(T0 + 30 * S);
    expect(summary()).toEqual(['db-team:firing:memory/warning']);
    engine.apply('web-1', decision(T0 + MIN, [['memory', 'critical']]));
    engine.tick(T0 + 6 * MIN);
    expect(summary().slice(1)).toEqual(['pager:firing:memory/critical']);
    engine.apply('web-1', decision(T0 + 7 * MIN, [['memory', 'warning']]));
    engine.apply('web-1', decision(T0 + 8 * MIN, [['memory', 'ok']]));
    engine.tick(T0 + 12 * MIN);
    expect(summary().slice(2)).toEqual(['pager:resolved:memory/warning']);
  });

  it('after a crash between an alert change and its flush, a new engine sends exactly what is missing', () => {
    engine.apply('web-1', decision(T0, [['cpu', 'warning']]));
    engine.tick(T0 + 30 * S);
    engine.apply('web-1', decision(T0 + MIN, [['cpu', 'ok']]));
    // The process dies here: the resolve was decided but never flushed.
    const again = makeEngine();
    again.recover(T0 + 2 * MIN);
    again.tick(T0 + 2 * MIN + 30 * S);
    expect(summary()).toEqual(['hook:firing:cpu/warning', 'pd:firing:cpu/warning', 'slack:firing:cpu/warning', 'hook:resolved:cpu/warning', 'pd:resolved:cpu/warning', 'slack:resolved:cpu/warning']);
    again.recover(T0 + 3 * MIN);
    again.tick(T0 + 10 * MIN);
    expect(sent()).toHaveLength(6);
  });
});

describe('retention', () => {
  it('keeps resolved alerts for the retention, pending ones that never fired for a day', () => {
    engine.apply('web-1', decision(T0, [['disk', 'watch', 'warning']]));
    engine.apply('web-1', decision(T0 + MIN, [['disk', 'ok']]));
    engine.apply('web-1', decision(T0 + 2 * MIN, [['cpu', 'warning']]));
    engine.apply('web-1', decision(T0 + 3 * MIN, [['cpu', 'ok']]));
    engine.tick(T0 + 2 * 86_400_000);
    expect(store.list({ states: ['resolved'], limit: 10 }).map((a) => a.kind)).toEqual(['cpu']);
    const later = makeEngine();
    later.tick(T0 + 91 * 86_400_000);
    expect(store.list({ states: ['resolved'], limit: 10 })).toEqual([]);
  });
});
