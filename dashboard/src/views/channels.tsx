/** Alert channels: where notifications go, how delivery fares (breaker, outbox, last attempt), and "Send test". */
import { useState } from 'hono/jsx/dom';
import type { Api } from '../api/client.js';
import { formatTime } from '../lib/format.js';
import { testChannel, type ChannelTestResponse, type ChannelView } from './alerts-api.js';
import { Missing } from './status.js';

function outcome(r: { ok?: boolean; delivered?: boolean; status: number | null; error: string | null; durationMs: number }): string {
  const ok = r.delivered ?? r.ok;
  const status = r.status === null ? 'no answer' : `HTTP ${r.status}`;
  return ok ? `delivered (${status}, ${Math.round(r.durationMs)} ms)` : `not delivered: ${r.error ?? status}`;
}

export function ChannelsPanel(props: { api: Api; channels: ChannelView[] | string | null; onChanged: () => void }) {
  const [results, setResults] = useState<Record<string, { text: string; ok: boolean } | undefined>>({});
  const [busy, setBusy] = useState<string | null>(null);

  const test = (ch: ChannelView) => {
    setBusy(ch.id);
    testChannel(props.api, ch.id).then(
      (r: ChannelTestResponse) => {
        setResults((cur) => ({ ...cur, [ch.id]: { text: `Test of ${ch.name}: ${outcome(r)}`, ok: r.delivered } }));
        setBusy(null);
        props.onChanged();
      },
      (e: Error) => {
        setResults((cur) => ({ ...cur, [ch.id]: { text: `Test of ${ch.name} failed: ${e.message}`, ok: false } }));
        setBusy(null);
      },
    );
  };

  const list = props.channels;
  return (
    <section aria-labelledby="channels-h">
      <h2 id="channels-h">Channels</h2>
      {list === null ? (
        <p class="muted">Loading channels…</p>
      ) : typeof list === 'string' ? (
        <Missing what="Channels" why={list} />
      ) : list.length === 0 ? (
        <p class="muted">No channels configured: add them under "channels" in the config file, or with POST /api/v1/channels (docs/alerts.md).</p>
      ) : (
        <ul class="channel-list">
          {list.map((ch) => {
            const r = results[ch.id];
            return (
              <li data-channel-id={ch.id} aria-labelledby={`ch-${ch.id}`}>
                <div class="channel-head">
                  <strong id={`ch-${ch.id}`} class="channel-name">
                    {ch.name}
                  </strong>
                  <span class="muted">
                    {ch.type} · {ch.url} · from {ch.source === 'config' ? 'the config file' : 'the API'} · {ch.minSeverity} and above{ch.enabled ? '' : ' · disabled'}
                  </span>
                  <button type="button" onClick={() => test(ch)} disabled={busy === ch.id}>
                    Send test
                  </button>
                </div>
                <p class="muted">
                  Breaker {ch.breaker.state}
                  {ch.breaker.failures > 0 ? ` (${ch.breaker.failures} failures in a row)` : ''} · outbox {String(ch.outbox.pending)} pending, {String(ch.outbox.delivered)} delivered, {String(ch.outbox.failed)} failed
                  {ch.pausedUntil !== null ? ` · held back until ${formatTime(ch.pausedUntil)} (Retry-After)` : ''}
                </p>
                {ch.lastDelivery && (
                  <p class="last-delivery">
                    Last attempt {formatTime(ch.lastDelivery.ts)} ({ch.lastDelivery.event}): {outcome(ch.lastDelivery)}
                  </p>
                )}
                {r && (
                  <p class={r.ok ? 'notice' : 'notice error'} role="status" data-testid="channel-test-result">
                    {r.text}
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
