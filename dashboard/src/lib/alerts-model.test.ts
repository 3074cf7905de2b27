import type { AlertView } from '@aura/protocol';
import { describe, expect, it } from 'vitest';
import { ActiveAlerts, compareAlerts, mergeAlerts } from './alerts-model.js';

const alert = (id: number, o: Partial<AlertView> = {}): AlertView => ({
  id,
  fingerprint: `web-${id}/cpu`,
  hostId: `web-${id}`,
  hostname: `web-${id}.example`,
  kind: 'cpu',
  state: 'firing',
  severity: 'warning',
  summary: 'warning on cpu',
  evidence: [],
  recommendation: '',
  startsAt: 1000 + id,
  firedAt: 1100 + id,
  resolvedAt: null,
  updatedAt: 1200,
  acknowledged: null,
  silencedBy: [],
  decision: null,
  url: `http://aura/#/host/web-${id}`,
  ...o,
});

describe('alerts model', () => {
  it('sorts active alerts worst, firing and newest first, resolved ones after them by resolve time', () => {
    const list = [alert(1), alert(2, { severity: 'critical' }), alert(3), alert(4, { state: 'resolved', resolvedAt: 2000 }), alert(5, { state: 'resolved', resolvedAt: 3000 }), alert(6, { state: 'pending', firedAt: null })];
    expect(list.sort(compareAlerts).map((a) => a.id)).toEqual([2, 3, 1, 6, 5, 4]);
  });

  it('merges stream changes into a tab: updates in place, joins when the state matches, leaves when not', () => {
    const tab = [alert(1), alert(2)];
    const next = mergeAlerts(tab, [alert(1, { acknowledged: { by: 'ann', at: 5, comment: '' } }), alert(2, { state: 'resolved', resolvedAt: 9 }), alert(3, { severity: 'critical' })], ['firing']);
    expect(next.map((a) => a.id)).toEqual([3, 1]);
    expect(next[1]!.acknowledged?.by).toBe('ann');
    expect(tab).toHaveLength(2);
    expect(mergeAlerts([], [alert(7, { state: 'resolved', resolvedAt: 9 })], ['resolved']).map((a) => a.id)).toEqual([7]);
  });

  it('counts firing alerts and the unacknowledged ones; resolved alerts leave', () => {
    const m = new ActiveAlerts();
    m.reset([alert(1), alert(2, { acknowledged: { by: 'bo', at: 1, comment: '' } }), alert(3, { state: 'pending' })]);
    expect(m.firing()).toEqual({ total: 2, unacknowledged: 1 });
    m.apply([alert(1, { state: 'resolved', resolvedAt: 5 }), alert(3)]);
    expect(m.firing()).toEqual({ total: 2, unacknowledged: 1 });
    expect([...m.byId.keys()].sort()).toEqual([2, 3]);
  });
});
