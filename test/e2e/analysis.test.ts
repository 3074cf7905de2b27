// The built server analyses simulated hosts in its worker threads: `aura simulate` agents over
// real WebSockets at 60× event time, then the analysis and topology endpoints answer for each.
import { spawn } from 'node:child_process';
import type { AnalysisResponse, TopologyHistoryResponse } from '@aura/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_TOKEN, Proc, SERVER_CLI, api, startServerProc, tempDir, until, type ServerProc } from '../helpers/procs.js';

describe('analysis in the built server', () => {
  let server: ServerProc;
  let sim: Proc;
  beforeAll(async () => {
    server = await startServerProc({ data: tempDir('e2e-analysis') });
    const child = spawn(process.execPath, [SERVER_CLI, 'simulate', '--server', server.url, '--token', AGENT_TOKEN, '--hosts', '3', '--speed', '60', '--prefix', 'topo'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    sim = new Proc('simulate', child);
  });
  afterAll(async () => {
    await sim?.kill();
    await server?.kill();
  });

  it('each simulated host gets a topology analysis of a full window, and its history grows', async () => {
    for (const id of ['topo-0001', 'topo-0002', 'topo-0003']) {
      const body = await until(
        `a full window analysed for ${id}`,
        async () => {
          const r = await api<AnalysisResponse>(server.url, `/api/v1/hosts/${id}/analysis`).catch(() => undefined);
          return r?.analysis?.topology && r.analysis.topology.points >= 50 ? r : undefined;
        },
        90_000,
        500,
      );
      const t = body.analysis!.topology!;
      expect(t.metrics).toEqual(expect.arrayContaining(['cpu.total', 'mem.used_pct']));
      expect(t.betti[0]).toBeGreaterThanOrEqual(1);
      const to = body.analysis!.ts;
      const history = await api<TopologyHistoryResponse>(server.url, `/api/v1/hosts/${id}/topology?from=${to - 86_400}&to=${to}`);
      expect(history.timestamps.length).toBeGreaterThanOrEqual(2);
      expect(history.timestamps.at(-1)).toBe(to);
    }
    expect(server.lines.some((l) => /analysis workers started/.test(l))).toBe(true);
    expect(server.lines.filter((l) => /"level":50/.test(l))).toEqual([]);
  });
});
