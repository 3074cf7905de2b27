/**
 * The fleet at a glance: every host, trouble first, searchable and filterable, live. The list is
 * virtualised (only the rows in view exist), so 1,000 or 5,000 hosts scroll smoothly.
 */
import { useEffect, useRef, useState } from 'hono/jsx/dom';
import { formatRoute, SORTS, STATUS_FILTERS, type Route, type Sort, type StatusFilter } from '../lib/route.js';
import type { Session } from '../session.js';
import { FleetRow, ROW_HEIGHT } from './fleet-row.js';
import { useSafeEffect } from '../lib/effect.js';

const OVERSCAN = 6;

export function FleetView(props: { session: Session; route: Extract<Route, { view: 'fleet' }> }) {
  const { fleet } = props.session;
  const { q, sort, filter } = props.route;
  const list = useRef<HTMLDivElement>(null);
  const [scroll, setScroll] = useState({ top: 0, height: 800 });
  const hosts = fleet.view({ q, sort, filter });
  const counts = fleet.counts();
  const ready = props.session.status === 'live' || fleet.hosts.size > 0;

  const go = (patch: Partial<{ q: string; sort: Sort; filter: StatusFilter }>) => {
    location.replace(formatRoute({ view: 'fleet', q, sort, filter, ...patch }));
  };

  useSafeEffect(() => {
    const el = list.current;
    if (!el) return;
    let frame = 0;
    const measure = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => setScroll({ top: el.scrollTop, height: el.clientHeight }));
    };
    measure();
    el.addEventListener('scroll', measure, { passive: true });
    addEventListener('resize', measure);
    return () => {
      el.removeEventListener('scroll', measure);
      removeEventListener('resize', measure);
    };
  }, []);

  // First meaningful paint: the first time rows are in the DOM, mark the next frame.
  useEffect(() => {
    if (hosts.length > 0 && performance.getEntriesByName('aura:fleet-rendered').length === 0) {
      requestAnimationFrame(() => performance.mark('aura:fleet-rendered'));
    }
  });

  const first = Math.max(0, Math.floor(scroll.top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(hosts.length, Math.ceil((scroll.top + scroll.height) / ROW_HEIGHT) + OVERSCAN);

  // Arrow keys move between rows; Home/End jump to the ends (the list scrolls to keep focus in view).
  const onKey = (e: KeyboardEvent) => {
    const row = (e.target as HTMLElement).closest<HTMLElement>('[data-index]');
    if (!row || !list.current) return;
    const i = Number(row.dataset.index);
    const next = e.key === 'ArrowDown' ? i + 1 : e.key === 'ArrowUp' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? hosts.length - 1 : -1;
    if (next < 0 || next >= hosts.length || next === i) return;
    e.preventDefault();
    const el = list.current;
    const y = next * ROW_HEIGHT;
    if (y < el.scrollTop) el.scrollTop = y;
    else if (y + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = y + ROW_HEIGHT - el.clientHeight;
    setScroll({ top: el.scrollTop, height: el.clientHeight });
    // Focus at once when the row exists (keys pressed in quick succession each move one row);
    // a row scrolled in from outside the overscan exists after the next render.
    const target = el.querySelector<HTMLElement>(`[data-index="${next}"]`);
    if (target) target.focus();
    else requestAnimationFrame(() => el.querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus());
  };

  return (
    <section class="fleet" aria-labelledby="fleet-title">
      <div class="toolbar">
        <h1 id="fleet-title">
          Fleet <span data-testid="host-count">{String(hosts.length)}</span>
          {hosts.length !== fleet.hosts.size && <span class="muted"> of {String(fleet.hosts.size)}</span>} hosts
        </h1>
        <p class="summary" aria-label="Hosts by status">
          <span class="badge badge-critical">{String(counts.critical)} critical</span>
          <span class="badge badge-warning">{String(counts.warning)} warning</span>
          <span class="badge badge-watch">{String(counts.watch)} watch</span>
          <span class="badge badge-ok">{String(counts.ok)} ok</span>
          <span class="badge badge-silent">{String(counts.silent)} silent</span>
          {counts.unknown > 0 && <span class="badge badge-unknown">{String(counts.unknown)} not analysed</span>}
        </p>
        <label>
          Search <input type="search" value={q} placeholder="host name or id" onInput={(e: Event) => go({ q: (e.target as HTMLInputElement).value })} />
        </label>
        <label>
          Show{' '}
          <select value={filter} onChange={(e: Event) => go({ filter: (e.target as HTMLSelectElement).value as StatusFilter })}>
            {STATUS_FILTERS.map((f) => (
              <option value={f} selected={f === filter}>
                {f}
              </option>
            ))}
          </select>
        </label>
        <label>
          Sort by{' '}
          <select value={sort} onChange={(e: Event) => go({ sort: (e.target as HTMLSelectElement).value as Sort })}>
            {SORTS.map((s) => (
              <option value={s} selected={s === sort}>
                {s}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div class="row head" aria-hidden="true">
        <span>Host</span>
        <span>Status</span>
        <span class="num">Risk 4h</span>
        <span class="num">Fails in</span>
        <span>CPU</span>
        <span>Memory</span>
        <span>Disk</span>
        <span>Last seen</span>
      </div>
      <div class="fleet-list" ref={list} role="list" aria-label="Hosts" onKeyDown={onKey}>
        <div class="fleet-spacer" style={{ height: `${hosts.length * ROW_HEIGHT}px` }}>
          {hosts.slice(first, last).map((h, k) => (
            <FleetRow key={h.id} host={h} index={first + k} top={(first + k) * ROW_HEIGHT} silent={fleet.isSilent(h)} isNew={fleet.isNew(h)} now={fleet.serverTime} />
          ))}
        </div>
        {ready && hosts.length === 0 && <p class="empty">{fleet.hosts.size === 0 ? 'No hosts yet: start an agent (see the README).' : 'No host matches.'}</p>}
        {!ready && <p class="empty">Connecting to the live stream…</p>}
      </div>
    </section>
  );
}
