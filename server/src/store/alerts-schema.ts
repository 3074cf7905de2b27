/**
 * The catalog migration for alerting: alerts and their history, silences, channels, what each
 * channel was last told about each alert, the notification outbox and its delivery log, and the
 * council's per-host memory. Alert times are event time (unix ms); outbox and delivery times are
 * wall clock (they are about the receivers).
 */
export const ALERTS_MIGRATION = `
  CREATE TABLE alert (
    id INTEGER PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    host_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'firing', 'resolved')),
    severity TEXT NOT NULL,
    summary TEXT NOT NULL,
    decision TEXT,
    starts_at INTEGER NOT NULL,
    fired_at INTEGER,
    resolved_at INTEGER,
    updated_at INTEGER NOT NULL,
    acked_at INTEGER,
    acked_by TEXT,
    ack_comment TEXT
  );
  -- Deduplication: one active (pending or firing) alert per fingerprint.
  CREATE UNIQUE INDEX alert_active ON alert (fingerprint) WHERE state != 'resolved';
  CREATE INDEX alert_host ON alert (host_id, state);
  CREATE INDEX alert_resolved ON alert (resolved_at) WHERE state = 'resolved';
  CREATE TABLE alert_event (
    id INTEGER PRIMARY KEY,
    alert_id INTEGER NOT NULL,
    ts INTEGER NOT NULL,
    type TEXT NOT NULL,
    severity TEXT NOT NULL,
    detail TEXT NOT NULL
  );
  CREATE INDEX alert_event_alert ON alert_event (alert_id, id);
  CREATE TABLE silence (
    id TEXT PRIMARY KEY,
    matchers TEXT NOT NULL,
    starts_at INTEGER NOT NULL,
    ends_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    comment TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE channel (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL CHECK (type IN ('slack', 'pagerduty', 'webhook')),
    config TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('config', 'api')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  -- The last thing each channel was sent about each alert: what a group flush compares against.
  CREATE TABLE alert_notice (
    alert_id INTEGER NOT NULL,
    channel_id TEXT NOT NULL,
    event TEXT NOT NULL,
    severity TEXT NOT NULL,
    sent_at INTEGER NOT NULL,
    PRIMARY KEY (alert_id, channel_id)
  );
  CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    channel_id TEXT NOT NULL,
    order_key TEXT NOT NULL,
    event TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    payload TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed', 'cancelled')),
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    last_error TEXT,
    done_at INTEGER
  );
  CREATE INDEX outbox_pending ON outbox (order_key, id) WHERE state = 'pending';
  CREATE INDEX outbox_channel ON outbox (channel_id, state);
  CREATE TABLE delivery (
    id INTEGER PRIMARY KEY,
    outbox_id INTEGER,
    channel_id TEXT NOT NULL,
    ts INTEGER NOT NULL,
    attempt INTEGER NOT NULL,
    status INTEGER,
    ok INTEGER NOT NULL,
    error TEXT,
    duration_ms REAL NOT NULL,
    idempotency_key TEXT NOT NULL,
    event TEXT NOT NULL
  );
  CREATE INDEX delivery_channel ON delivery (channel_id, id);
  CREATE TABLE council_state (host_id TEXT PRIMARY KEY, state TEXT NOT NULL, updated_at INTEGER NOT NULL);
`;
