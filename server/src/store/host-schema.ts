/** Numbered migrations of a per-host database `<data>/hosts/<hostId>.db`. */

export const HOST_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE metric (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
  -- A layout is the ordered list of metric ids (uint32 LE) that a row's value blob follows.
  CREATE TABLE layout (id INTEGER PRIMARY KEY, ids BLOB NOT NULL UNIQUE);
  -- Raw samples: ts in unix ms is the rowid, so (host, timestamp) is unique and replays are no-ops.
  CREATE TABLE sample (ts INTEGER PRIMARY KEY, layout INTEGER NOT NULL, v BLOB NOT NULL);
  -- Rollups: v holds [avg..., min..., max...] for the layout's metrics; n is the number of samples.
  CREATE TABLE rollup_1m (ts INTEGER PRIMARY KEY, layout INTEGER NOT NULL, n INTEGER NOT NULL, v BLOB NOT NULL);
  CREATE TABLE rollup_1h (ts INTEGER PRIMARY KEY, layout INTEGER NOT NULL, n INTEGER NOT NULL, v BLOB NOT NULL);
  -- Hours whose 1-hour rollup must be recomputed from the 1-minute rollups (written with the samples).
  CREATE TABLE dirty_hour (ts INTEGER PRIMARY KEY);
  -- Connection summaries (listening ports, established remotes), stored when they change.
  CREATE TABLE conns (ts INTEGER PRIMARY KEY, data TEXT NOT NULL);
  -- Ingest state committed with the samples: last raw sample (for rates) and last seq per agent instance.
  CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  `,
  // Per-metric sample counts of a rollup row (Float64 per layout position), so an average over
  // several rows weighs each by the samples that carried the metric, not by all samples of the
  // period. NULL in rows written before: those are weighted by n, as they always were.
  `
  ALTER TABLE rollup_1m ADD COLUMN c BLOB;
  ALTER TABLE rollup_1h ADD COLUMN c BLOB;
  `,
  // Analysis: one row of topology numbers per analysed window (history for the API and charts),
  // and the council's decisions when they change (with their votes, so "why" can be shown).
  `
  CREATE TABLE topology (
    ts INTEGER PRIMARY KEY,
    points INTEGER NOT NULL,
    betti0 REAL, betti1 REAL, entropy0 REAL, entropy1 REAL, total0 REAL, total1 REAL,
    l1_0 REAL, l1_1 REAL, l2_0 REAL, l2_1 REAL,
    wasserstein REAL, drift REAL, threshold REAL, drifting INTEGER NOT NULL DEFAULT 0, features INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE decision (ts INTEGER PRIMARY KEY, decision TEXT NOT NULL, kind TEXT NOT NULL, data TEXT NOT NULL);
  `,
];

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
