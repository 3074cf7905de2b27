/** Alertmanager-style matchers on an alert's labels (host, hostname, kind, severity). Pure. */
import type { Matcher, MatcherLabel } from '@aura/protocol';

export type AlertLabels = Record<MatcherLabel, string>;

const compiled = new Map<string, RegExp>();

function regex(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) {
    // Anchored, as in Alertmanager: "web-.*" matches whole values only.
    re = new RegExp(`^(?:${pattern})$`);
    if (compiled.size > 1000) compiled.clear();
    compiled.set(pattern, re);
  }
  return re;
}

export function matcherMatches(m: Matcher, labels: AlertLabels): boolean {
  const v = labels[m.name] ?? '';
  switch (m.op) {
    case '=':
      return v === m.value;
    case '!=':
      return v !== m.value;
    case '=~':
      return regex(m.value).test(v);
    case '!~':
      return !regex(m.value).test(v);
  }
}

/**
 * All matchers must hold (an empty list matches everything).
 * @example matchesAll([{ name: 'host', op: '=~', value: 'web-.*' }], { host: 'web-1', hostname: 'web-1', kind: 'disk', severity: 'warning' }) // true
 */
export function matchesAll(ms: readonly Matcher[], labels: AlertLabels): boolean {
  return ms.every((m) => matcherMatches(m, labels));
}
