/** Silences: create one for a host and/or a kind for a while (from the fleet's event time), list them, expire them. */
import { useState } from 'hono/jsx/dom';
import type { Api } from '../api/client.js';
import { formatTime } from '../lib/format.js';
import { createSilence, expireSilence, type Matcher, type SilenceView } from './alerts-api.js';
import { Missing } from './status.js';
import { useSafeEffect } from '../lib/effect.js';

export const SILENCE_DURATIONS = [
  ['1h', '1 hour'],
  ['4h', '4 hours'],
  ['24h', '1 day'],
  ['168h', '1 week'],
] as const;

export interface SilencesProps {
  api: Api;
  silences: SilenceView[] | string | null;
  who: () => string | null;
  /** Fill the form from an alert ("Silence…"); `n` changes on every request. */
  prefill: { hostId: string; kind: string; n: number } | null;
  showExpired: boolean;
  onShowExpired: (v: boolean) => void;
  onChanged: () => void;
  onMessage: (text: string, error?: boolean) => void;
}

const matcherText = (m: Matcher) => `${m.name} ${m.op} ${m.value}`;

export function SilencesPanel(props: SilencesProps) {
  const [hostId, setHostId] = useState('');
  const [kind, setKind] = useState('');
  const [duration, setDuration] = useState<string>('1h');
  const [comment, setComment] = useState('');

  useSafeEffect(() => {
    if (!props.prefill) return;
    setHostId(props.prefill.hostId);
    setKind(props.prefill.kind);
    document.getElementById('silence-comment')?.focus();
  }, [props.prefill?.n ?? 0]);

  const submit = (e: Event) => {
    e.preventDefault();
    const matchers: Matcher[] = [];
    if (hostId.trim()) matchers.push({ name: 'host', op: '=', value: hostId.trim() });
    if (kind.trim()) matchers.push({ name: 'kind', op: '=', value: kind.trim() });
    if (matchers.length === 0) return props.onMessage('Give a host id or a kind to silence (or both).', true);
    if (!comment.trim()) return props.onMessage('Say why in the comment, e.g. "kernel upgrade": the silence list shows it to everyone.', true);
    const by = props.who();
    if (!by) return;
    createSilence(props.api, { matchers, duration, createdBy: by, comment: comment.trim() }).then(
      (r) => {
        props.onMessage(`Silence created: ${r.silence.matchers.map(matcherText).join(', ')} until ${formatTime(r.silence.endsAt)}.`);
        setHostId('');
        setKind('');
        setComment('');
        props.onChanged();
      },
      (err: Error) => props.onMessage(`Could not create the silence: ${err.message}`, true),
    );
  };
  const expire = (s: SilenceView) =>
    expireSilence(props.api, s.id).then(
      () => {
        props.onMessage(`Silence expired: ${s.comment}.`);
        props.onChanged();
      },
      (err: Error) => props.onMessage(`Could not expire the silence: ${err.message}`, true),
    );

  const list = props.silences;
  return (
    <section aria-labelledby="silences-h">
      <h2 id="silences-h">Silences</h2>
      <form class="silence-form" onSubmit={submit} aria-label="New silence">
        <label>
          Host id <input name="hostId" placeholder="web-1" value={hostId} onInput={(e: Event) => setHostId((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          Kind <input name="kind" placeholder="disk" value={kind} onInput={(e: Event) => setKind((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          For{' '}
          <select name="duration" onChange={(e: Event) => setDuration((e.target as HTMLSelectElement).value)}>
            {SILENCE_DURATIONS.map(([v, label]) => (
              <option value={v} selected={v === duration}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Comment <input id="silence-comment" name="comment" placeholder="maintenance window" value={comment} onInput={(e: Event) => setComment((e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit">Create silence</button>
      </form>
      <label class="inline">
        <input type="checkbox" checked={props.showExpired} onChange={(e: Event) => props.onShowExpired((e.target as HTMLInputElement).checked)} /> show expired
      </label>
      {list === null ? (
        <p class="muted">Loading silences…</p>
      ) : typeof list === 'string' ? (
        <Missing what="Silences" why={list} />
      ) : list.length === 0 ? (
        <p class="muted">No {props.showExpired ? '' : 'active or pending '}silences.</p>
      ) : (
        <ul class="silence-list">
          {list.map((s) => (
            <li data-silence-id={s.id} class={`silence silence-${s.state}`}>
              <span class="matchers">{s.matchers.map(matcherText).join(', ')}</span>
              <span class={`state state-${s.state}`}>{s.state}</span>
              <span class="muted">
                {formatTime(s.startsAt)} – {formatTime(s.endsAt)}
              </span>
              <span>{s.comment}</span>
              <span class="muted">by {s.createdBy}</span>
              {s.state !== 'expired' && (
                <button type="button" onClick={() => void expire(s)} aria-label={`Expire silence: ${s.comment}`}>
                  Expire
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
