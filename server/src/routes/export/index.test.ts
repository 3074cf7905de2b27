// export.csv through real HTTP against a real server with data from a real agent connection:
// the header and rows `aura replay` reads, chunked streaming across gaps, column choice, CSV
// injection and the 400s that name the parameter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { T0, batchFrame, helloFrame, startTestServer, type TestServer } from '../../testing.js';
import { csvNumber, csvText } from './csv.js';

let t: TestServer;
const FROM = T0 / 1000;

beforeAll(async () => {
  t = await startTestServer();
  const a = t.agent();
  await a.opened;
  a.send(helloFrame('csv-db-1'));
  await a.expect('welcome');
  // 3,000 samples 10 s apart (more than one chunk of 2,000 steps), then a 2-day gap, then 3 more.
  const ts = [...Array.from({ length: 3000 }, (_, i) => T0 + i * 10_000), ...[0, 1, 2].map((i) => T0 + 2 * 86_400_000 + i * 10_000)];
  for (let b = 0; b < ts.length; b += 500) {
    const samples = ts.slice(b, b + 500).map((x, i) => ({ ts: x, gauges: { 'load.1': (b + i) / 100, 'mem.used_pct': -1.5, 'disk./mnt/a,"b".used_pct': 12 }, counters: {} }));
    a.send(batchFrame(b / 500 + 1, samples));
    await a.expect('ack');
  }
  await a.close();
});
afterAll(async () => {
  await t?.stop();
});

describe('csv cells', () => {
  it('neutralises formulas and quotes separators; numbers stay numbers', () => {
    expect(csvText('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvText('+1')).toBe("'+1");
    expect(csvText('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvText('cpu.total')).toBe('cpu.total');
    expect(csvText('a,b')).toBe('"a,b"');
    expect(csvNumber(-1.5)).toBe('-1.5');
    expect(csvNumber(null)).toBe('');
  });
});

describe('GET /api/v1/export.csv', () => {
  it('streams timestamp,<metric>,… in unix seconds over several chunks and across a gap', async () => {
    const res = await t.api(`/api/v1/export.csv?host=csv-db-1&from=${FROM}&to=${FROM + 3 * 86_400}&step=10s&metrics=load.1,mem.used_pct`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="csv-db-1-${FROM}-${FROM + 3 * 86_400}.csv"`);
    const lines = (await res.text()).trimEnd().split('\n');
    expect(lines[0]).toBe('timestamp,load.1,mem.used_pct');
    expect(lines.length).toBe(1 + 3003);
    expect(lines[1]).toBe(`${FROM},0,-1.5`);
    expect(lines[3000]).toBe(`${FROM + 29_990},29.99,-1.5`);
    expect(lines[3001]).toBe(`${FROM + 2 * 86_400},30,-1.5`);
    // Every timestamp once, in order.
    const stamps = lines.slice(1).map((l) => Number(l.split(',')[0]));
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    expect(new Set(stamps).size).toBe(stamps.length);
  });

  it('all metrics by default, names quoted when they hold separators, averages at a coarser step', async () => {
    const res = await t.api(`/api/v1/export.csv?host=csv-db-1&from=${FROM}&to=${FROM + 59}&step=1m`);
    const [header, row] = (await res.text()).trimEnd().split('\n');
    expect(header).toBe('timestamp,"disk./mnt/a,""b"".used_pct",load.1,mem.used_pct');
    const cells = row!.split(',');
    expect(cells[0]).toBe(String(FROM));
    expect([Number(cells[1]), Number(cells[2]), Number(cells[3])]).toEqual([12, expect.closeTo(0.025, 12), -1.5]);
  });

  it('400s name the parameter; 404 for an unknown host; 401 without a token', async () => {
    const bad = async (q: string) => ((await (await t.api(`/api/v1/export.csv${q}`)).json()) as { error: { field?: string; message: string } }).error;
    expect(await bad('')).toMatchObject({ field: 'host', message: expect.stringMatching(/example/) });
    expect(await bad('?host=csv-db-1&from=yesterday')).toMatchObject({ field: 'from' });
    expect(await bad('?host=csv-db-1&metrics=CPU')).toMatchObject({ field: 'metrics' });
    expect(await bad(`?host=csv-db-1&from=0&to=${FROM}&step=1s`)).toMatchObject({ field: 'step', message: expect.stringMatching(/more than 5000000/) });
    expect((await t.api('/api/v1/export.csv?host=nope')).status).toBe(404);
    expect((await t.api('/api/v1/export.csv?host=csv-db-1', { token: null })).status).toBe(401);
  });
});
