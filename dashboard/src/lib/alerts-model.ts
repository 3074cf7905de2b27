/**
 * Alerts as the dashboard holds them: the list of one tab kept in step with the stream's alert
 * changes, worst first, and the count of firing alerts the navigation shows. Pure: no DOM.
 */
import { severityRank, type AlertState, type AlertView } from '@aura/protocol';

/** Active alerts first: the most severe, firing before pending, then the newest; resolved ones by when they resolved. */
export function compareAlerts(a: AlertView, b: AlertView): number {
  const done = Number(a.state === 'resolved') - Number(b.state === 'resolved');
  if (done !== 0) return done;
  if (a.state === 'resolved') return (b.resolvedAt ?? 0) - (a.resolvedAt ?? 0) || b.id - a.id;
  return severityRank(b.severity) - severityRank(a.severity) || Number(b.state === 'firing') - Number(a.state === 'firing') || (b.firedAt ?? b.startsAt) - (a.firedAt ?? a.startsAt) || b.id - a.id;
}

/**
 * The list after the stream's changes: a changed alert replaces its old view, joins the list when
 * its state is one the tab shows, and leaves it when not (a firing alert that resolved).
 * @example mergeAlerts(firingList, [resolvedView], ['firing']) // without that alert
 */
export function mergeAlerts(list: readonly AlertView[], changes: readonly AlertView[], states: readonly AlertState[]): AlertView[] {
  const byId = new Map(list.map((a) => [a.id, a]));
  for (const c of changes) {
    if (states.includes(c.state)) byId.set(c.id, c);
    else byId.delete(c.id);
  }
  return [...byId.values()].sort(compareAlerts);
}

/** The alerts still open (pending or firing), for the navigation's count. */
export class ActiveAlerts {
  readonly byId = new Map<number, AlertView>();

  reset(list: readonly AlertView[]): void {
    this.byId.clear();
    this.apply(list);
  }

  apply(changes: readonly AlertView[]): void {
    for (const a of changes) {
      if (a.state === 'resolved') this.byId.delete(a.id);
      else this.byId.set(a.id, a);
    }
  }

  /** Firing alerts, and how many of them nobody has acknowledged yet. */
  firing(): { total: number; unacknowledged: number } {
    let total = 0;
    let unacknowledged = 0;
    for (const a of this.byId.values()) {
      if (a.state !== 'firing') continue;
      total++;
      if (!a.acknowledged) unacknowledged++;
    }
    return { total, unacknowledged };
  }
}
