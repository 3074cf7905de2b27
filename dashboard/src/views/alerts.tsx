/** Alerts: firing and resolved with history, acknowledge; silences (create, expire); channels and "send test". */
import { useEffect, useState } from 'hono/jsx/dom';
import { ApiError } from '../api/client.js';
import { formatDuration, formatTime } from '../lib/format.js';
import { ALERT_STATES, formatRoute, type AlertState } from '../lib/route.js';
import type { Session } from '../session.js';
import type { AlertItem, ChannelItem, SilenceItem } from './alerts-api.js';
import { Missing, StatusBadge } from './status.js';

type Load<T> = { ok: T } | { error: string } | null;

/** While the page is open, refresh this often (the stream does not carry alert changes yet). */
const REFRESH_MS = 10_000;

function explain(e: unknown, what: string): string {
  if (e instanceof ApiError && e.status === 404) return `this server has no ${what} API yet (${e.path} answered 404)`;
  return (e as Error).message;
}

export function AlertsView(props: { session: Session; state: AlertState }) {
  const { api } = props.session;
  const [alerts, setAlerts] = useState<Load<AlertItem[]>>(null);
  const [silences, setSilences] = useState<Load<SilenceItem[]>>(null);
  const [channels, setChannels] = useState<Load<ChannelItem[]>>(null);
  const [message, setMessage] = useState<string | null>(null);

  const reload = () => {
    api.get<{ alerts: AlertItem[] }>(`/api/v1/alerts?state=${props.state}`).then((b) => setAlerts({ ok: b.alerts }), (e) => setAlerts({ error: explain(e, 'alerts') }));
    api.get<{ silences: SilenceItem[] }>('/api/v1/silences').then((b) => setSilences({ ok: b.silences }), (e) => setSilences({ error: explain(e, 'silences') }));
    api.get<{ channels: ChannelItem[] }>('/api/v1/channels').then((b) => setChannels({ ok: b.channels }), (e) => setChannels({ error: explain(e, 'channels') }));
  };
  useEffect(() => {
    reload();
    const t = setInterval(reload, REFRESH_MS);
    return () => clearInterval(t);
  }, [props.state]);

  const act = (label: string, p: Promise<unknown>) =>
    p.then(
      () => {
        setMessage(`${label}: done`);
        reload();
      },
      (e: Error) => setMessage(`${label} failed: ${e.message}`),
    );

  const createSilence = (e: Event) => {
    e.preventDefault();
    const f = e.target as HTMLFormElement;
    const v = (n: string) => (f.elements.namedItem(n) as HTMLInputElement | HTMLSelectElement).value.trim();
    const hours = Number(v('hours'));
    const matchers: Record<string, string> = {};
    if (v('hostId')) matchers.hostId = v('hostId');
    if (v('kind')) matchers.kind = v('kind');
    if (Object.keys(matchers).length === 0) return setMessage('A silence needs a host id or a kind (or both).');
    void act('Silence', api.send('POST', '/api/v1/silences', { matchers, endsAt: Math.floor(Date.now() / 1000) + hours * 3600, comment: v('comment'), createdBy: 'dashboard' })).then(() => f.reset());
  };

  return (
    <section class="alerts" aria-labelledby="alerts-h">
      <h1 id="alerts-h">Alerts</h1>
      <nav class="tabs" aria-label="Alert state">
        {ALERT_STATES.map((s) => (
          <a href={formatRoute({ view: 'alerts', state: s })} aria-current={s === props.state ? 'page' : undefined}>
            {s}
          </a>
        ))}
      </nav>
      {message && (
        <p class="notice" role="status">
          {message}
        </p>
      )}
      {alerts === null ? (
        <p class="muted">Loading alerts…</p>
      ) : 'error' in alerts ? (
        <Missing what="Alerts" why={alerts.error} />
      ) : alerts.ok.length === 0 ? (
        <p class="muted">No {props.state === 'all' ? '' : props.state} alerts.</p>
      ) : (
        <ul class="alert-list">
          {alerts.ok.map((a) => (
            <li class={`alert alert-${a.state}`} data-alert-id={a.id}>
              <div class="alert-head">
                <StatusBadge status={a.severity} /> <strong>{a.summary}</strong> <span class="muted">{a.state}</span>
                <a href={formatRoute({ view: 'host', id: a.hostId, range: '1h' })}>{a.hostId}</a>
              </div>
              <p class="muted">
                {a.kind} · since {formatTime(a.startsAt)}
                {a.endsAt !== null ? ` · resolved after ${formatDuration(a.endsAt - a.startsAt)}` : ''}
                {a.acknowledgedBy ? ` · acknowledged by ${a.acknowledgedBy}` : ''}
              </p>
              <ul class="evidence">
                {a.evidence.map((ev) => (
                  <li>{ev}</li>
                ))}
              </ul>
              {a.state !== 'resolved' && !a.acknowledgedBy && (
                <button type="button" onClick={() => void act('Acknowledge', api.send('POST', `/api/v1/alerts/${encodeURIComponent(a.id)}/ack`, { by: 'dashboard' }))}>
                  Acknowledge
                </button>
              )}
            </li>
          ))}
        </ul>
      )}

      <h2>Silences</h2>
      <form class="silence-form" onSubmit={createSilence} aria-label="New silence">
        <label>
          Host id <input name="hostId" placeholder="web-1" />
        </label>
        <label>
          Kind <input name="kind" placeholder="disk" />
        </label>
        <label>
          For{' '}
          <select name="hours">
            <option value="1">1 hour</option>
            <option value="4">4 hours</option>
            <option value="24">1 day</option>
            <option value="168">1 week</option>
          </select>
        </label>
        <label>
          Comment <input name="comment" placeholder="maintenance window" />
        </label>
        <button type="submit">Create silence</button>
      </form>
      {silences === null ? null : 'error' in silences ? (
        <Missing what="Silences" why={silences.error} />
      ) : silences.ok.length === 0 ? (
        <p class="muted">No active silences.</p>
      ) : (
        <ul class="silence-list">
          {silences.ok.map((s) => (
            <li data-silence-id={s.id}>
              <span>{Object.entries(s.matchers).map(([k, v]) => `${k}=${v}`).join(', ')}</span> <span class="muted">until {formatTime(s.endsAt)}</span> <span>{s.comment}</span>
              <button type="button" onClick={() => void act('Expire silence', api.send('DELETE', `/api/v1/silences/${encodeURIComponent(s.id)}`))}>
                Expire
              </button>
            </li>
          ))}
        </ul>
      )}

      <h2>Channels</h2>
      {channels === null ? null : 'error' in channels ? (
        <Missing what="Channels" why={channels.error} />
      ) : channels.ok.length === 0 ? (
        <p class="muted">No channels configured (add them under "channels" in the config file; see docs/configuration.md).</p>
      ) : (
        <ul class="channel-list">
          {channels.ok.map((ch) => (
            <li data-channel-id={ch.id}>
              <strong>{ch.name}</strong> <span class="muted">{ch.type}</span>
              <button type="button" onClick={() => void act(`Test of ${ch.name}`, api.send('POST', `/api/v1/channels/${encodeURIComponent(ch.id)}/test`))}>
                Send test
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
