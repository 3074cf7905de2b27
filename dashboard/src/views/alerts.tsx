/**
 * Alerts: one tab per state, kept live from the stream's alert changes (no polling); acknowledge,
 * history, the votes behind each; silences (create, expire); channels with "Send test".
 */
import { useState } from 'hono/jsx/dom';
import { mergeAlerts } from '../lib/alerts-model.js';
import { savedName, saveName } from '../lib/identity.js';
import { ALERT_STATES, formatRoute, type AlertState } from '../lib/route.js';
import type { Session } from '../session.js';
import { AlertItem } from './alert-item.js';
import { listAlerts, listChannels, listSilences, tabStates, type AlertView, type ChannelView, type SilenceView } from './alerts-api.js';
import { ChannelsPanel } from './channels.js';
import { SilencesPanel } from './silences.js';
import { Missing } from './status.js';
import { useSafeEffect } from '../lib/effect.js';

type Load<T> = T | string | null;

export function AlertsView(props: { session: Session; state: AlertState }) {
  const { api } = props.session;
  const [alerts, setAlerts] = useState<Load<AlertView[]>>(null);
  const [silences, setSilences] = useState<Load<SilenceView[]>>(null);
  const [channels, setChannels] = useState<Load<ChannelView[]>>(null);
  const [showExpired, setShowExpired] = useState(false);
  const [name, setName] = useState(savedName());
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [prefill, setPrefill] = useState<{ hostId: string; kind: string; n: number } | null>(null);
  const states = tabStates(props.state);

  const loadAlerts = () => listAlerts(api, props.state).then((b) => setAlerts(mergeAlerts([], b.alerts, states)), (e: Error) => setAlerts(e.message));
  const loadSilences = (expired = showExpired) => listSilences(api, expired).then((b) => setSilences(b.silences), (e: Error) => setSilences(e.message));
  const loadChannels = () => listChannels(api).then((b) => setChannels(b.channels), (e: Error) => setChannels(e.message));

  useSafeEffect(() => {
    void loadAlerts();
    void loadSilences();
    void loadChannels();
    const onAlerts = (changes: AlertView[], reload: boolean) => {
      if (reload) return void loadAlerts();
      setAlerts((cur) => (Array.isArray(cur) ? mergeAlerts(cur, changes, states) : cur));
    };
    props.session.onAlerts.add(onAlerts);
    return () => props.session.onAlerts.delete(onAlerts);
  }, []);

  const say = (text: string, error = false) => setMessage({ text, error });
  const who = () => {
    if (name.trim()) return name.trim();
    say('Enter your name first ("Your name" above): the API records who acknowledges and who silences.', true);
    document.getElementById('who')?.focus();
    return null;
  };
  const updated = (a: AlertView) => setAlerts((cur) => (Array.isArray(cur) ? mergeAlerts(cur, [a], states) : cur));
  const silencesChanged = () => {
    void loadSilences();
    // Which alerts a silence mutes is part of each alert's view.
    void loadAlerts();
  };

  return (
    <section class="alerts" aria-labelledby="alerts-h">
      <div class="toolbar">
        <h1 id="alerts-h">Alerts</h1>
        <nav class="tabs" aria-label="Alert state">
          {ALERT_STATES.map((s) => (
            <a href={formatRoute({ view: 'alerts', state: s })} aria-current={s === props.state ? 'page' : undefined}>
              {s}
            </a>
          ))}
        </nav>
        <label>
          Your name{' '}
          <input
            id="who"
            autocomplete="name"
            placeholder="who acknowledges"
            value={name}
            onInput={(e: Event) => {
              const v = (e.target as HTMLInputElement).value;
              setName(v);
              saveName(v);
            }}
          />
        </label>
      </div>
      {message && (
        <p class={message.error ? 'notice error' : 'notice'} role={message.error ? 'alert' : 'status'} data-testid="alerts-message">
          {message.text}
        </p>
      )}
      {alerts === null ? (
        <p class="muted">Loading alerts…</p>
      ) : typeof alerts === 'string' ? (
        <Missing what="Alerts" why={alerts} />
      ) : alerts.length === 0 ? (
        <p class="muted" data-testid="no-alerts">
          No {props.state === 'all' ? '' : `${props.state} `}alerts.
        </p>
      ) : (
        <ul class="alert-list" aria-label={`${props.state} alerts`}>
          {alerts.map((a) => (
            <AlertItem
              key={String(a.id)}
              alert={a}
              api={api}
              who={who}
              silences={Array.isArray(silences) ? silences : []}
              onUpdated={updated}
              onSilence={(x) => setPrefill({ hostId: x.hostId, kind: x.kind, n: (prefill?.n ?? 0) + 1 })}
              onMessage={say}
            />
          ))}
        </ul>
      )}
      <SilencesPanel
        api={api}
        silences={silences}
        who={who}
        prefill={prefill}
        showExpired={showExpired}
        onShowExpired={(v) => {
          setShowExpired(v);
          void loadSilences(v);
        }}
        onChanged={silencesChanged}
        onMessage={say}
      />
      <ChannelsPanel api={api} channels={channels} onChanged={() => void loadChannels()} />
    </section>
  );
}
