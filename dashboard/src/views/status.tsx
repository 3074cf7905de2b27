/** The council's status as a coloured badge with its word (colour is never the only signal). */
import type { Severity } from '@aura/protocol';

export function StatusBadge(props: { status: Severity | null; silent?: boolean }) {
  const s = props.silent ? 'silent' : (props.status ?? 'unknown');
  const label = props.silent ? 'silent' : (props.status ?? 'not analysed');
  return <span class={`badge badge-${s}`}>{label}</span>;
}

/** A short note where data is missing: what is missing and why, never an invented value. */
export function Missing(props: { what: string; why: string }) {
  return (
    <p class="missing" data-testid="missing">
      <strong>{props.what}</strong>: {props.why}
    </p>
  );
}
