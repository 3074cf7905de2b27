/** One alert: what, where, since when, who acknowledged it, the evidence and the votes behind it, its history; acknowledge or silence it. */
import type { AlertEventView } from '@aura/protocol';
import { useState } from 'hono/jsx/dom';
import type { Api } from '../api/client.js';
import { formatDuration, formatTime } from '../lib/format.js';
import { formatRoute } from '../lib/route.js';
import { ackAlert, alertHistory, type AlertView, type SilenceView } from './alerts-api.js';
import { StatusBadge } from './status.js';
import { VotesTable } from './votes.js';

export interface AlertItemProps {
  alert: AlertView;
  api: Api;
  /** Who acts (the API records it); null: ask for a name first. */
  who: () => string | null;
  silences: SilenceView[];
  onUpdated: (a: AlertView) => void;
  onSilence: (a: AlertView) => void;
  onMessage: (text: string, error?: boolean) => void;
}

function when(a: AlertView): string {
  const parts = [`since ${formatTime(a.startsAt)}`];
  if (a.firedAt !== null) parts.push(`fired ${formatTime(a.firedAt)}`);
  if (a.resolvedAt !== null) parts.push(a.firedAt === null ? 'cleared before it fired' : `resolved after ${formatDuration(a.resolvedAt - a.firedAt)}`);
  return parts.join(' · ');
}

export function AlertItem(props: AlertItemProps) {
  const a = props.alert;
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [history, setHistory] = useState<AlertEventView[] | string | null>(null);
  const active = a.state !== 'resolved';

  const acknowledge = () => {
    const by = props.who();
    if (!by) return;
    setBusy(true);
    ackAlert(props.api, a.id, by, comment.trim()).then(
      (r) => {
        props.onUpdated(r.alert);
        props.onMessage(`Acknowledged alert ${a.id} (${a.kind} on ${a.hostname}).`);
        setBusy(false);
      },
      (e: Error) => {
        props.onMessage(`Could not acknowledge alert ${a.id}: ${e.message}`, true);
        setBusy(false);
      },
    );
  };
  const toggleHistory = () => {
    if (history !== null) return setHistory(null);
    alertHistory(props.api, a.id).then(
      (r) => setHistory(r.history),
      (e: Error) => setHistory(e.message),
    );
  };
  const muting = a.silencedBy.map((id) => props.silences.find((s) => s.id === id)?.comment ?? id);

  return (
    <li class={`alert alert-${a.state}`} data-alert-id={String(a.id)} aria-labelledby={`alert-${a.id}-h`}>
      <div class="alert-head">
        <StatusBadge status={a.severity} />
        <strong id={`alert-${a.id}-h`} class="alert-summary">
          {a.summary}
        </strong>
        <span class={`state state-${a.state}`}>{a.state}</span>
      </div>
      <p class="muted">
        <a href={formatRoute({ view: 'host', id: a.hostId, range: '1h' })} class="alert-host">
          {a.hostname}
        </a>{' '}
        ({a.hostId}) · {a.kind} · {when(a)} (event time)
      </p>
      {a.acknowledged && (
        <p class="ack" data-testid="acknowledged">
          Acknowledged by {a.acknowledged.by} at {formatTime(a.acknowledged.at)}
          {a.acknowledged.comment ? `: ${a.acknowledged.comment}` : ''}
        </p>
      )}
      {muting.length > 0 && <p class="muted">Muted by silence: {muting.join('; ')}</p>}
      {a.evidence.length > 0 && (
        <ul class="evidence alert-evidence">
          {a.evidence.map((e) => (
            <li>{e}</li>
          ))}
        </ul>
      )}
      {a.recommendation && <p class="recommendation">What to do: {a.recommendation}</p>}
      {a.decision && a.decision.votes.length > 0 && (
        <details>
          <summary>
            Why: the council's {String(a.decision.votes.length)} votes ({a.decision.decision} on {a.decision.kind} at {formatTime(a.decision.ts)})
          </summary>
          <VotesTable votes={a.decision.votes} />
        </details>
      )}
      <div class="alert-actions">
        {active && !a.acknowledged && (
          <span class="ack-form">
            <input aria-label={`Comment on alert ${a.id}`} placeholder="comment (optional)" value={comment} onInput={(e: Event) => setComment((e.target as HTMLInputElement).value)} />
            <button type="button" onClick={acknowledge} disabled={busy}>
              Acknowledge
            </button>
          </span>
        )}
        {active && (
          <button type="button" onClick={() => props.onSilence(a)}>
            Silence…
          </button>
        )}
        <button type="button" class="link" aria-expanded={history !== null ? 'true' : 'false'} onClick={toggleHistory}>
          {history !== null ? 'Hide history' : 'History'}
        </button>
      </div>
      {typeof history === 'string' && (
        <p class="error" role="alert">
          {history}
        </p>
      )}
      {Array.isArray(history) && (
        <ol class="history">
          {history.map((h) => (
            <li>
              <span class="muted">{formatTime(h.ts)}</span> <strong>{h.type}</strong> <StatusBadge status={h.severity} /> {h.detail}
            </li>
          ))}
        </ol>
      )}
    </li>
  );
}
