/** Alarm episodes: runs of alarmed steps, merged across short gaps, so a flapping alert counts once. */

export interface Episode {
  /** First and last alarmed step (unix seconds) and their indexes. */
  start: number;
  end: number;
  first: number;
  last: number;
}

/**
 * Episodes of `alarm[i] >= alarmAt`, merging two runs when the gap between the last alarmed step of
 * one and the first of the next is at most `mergeGapS` (Alertmanager-style: an alert that clears and
 * comes back within the gap is the same incident).
 * @example episodesOf([0, 60, 120, 180], [1, 0, 1, 0], 1, 300) // one episode, start 0, end 120
 */
export function episodesOf(ts: ArrayLike<number>, alarm: ArrayLike<number>, alarmAt: number, mergeGapS: number): Episode[] {
  const out: Episode[] = [];
  let cur: Episode | undefined;
  for (let i = 0; i < ts.length; i++) {
    if (!(alarm[i]! >= alarmAt)) continue;
    const t = ts[i]!;
    if (cur && t - cur.end <= mergeGapS) {
      cur.end = t;
      cur.last = i;
    } else {
      cur = { start: t, end: t, first: i, last: i };
      out.push(cur);
    }
  }
  return out;
}
