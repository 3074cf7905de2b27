/** The council's votes as a table: who voted what, how sure, about which kind, why, and what to do. */
import type { Vote } from '@aura/protocol';
import { formatRisk } from '../lib/format.js';
import { StatusBadge } from './status.js';

export function VotesTable(props: { votes: Vote[]; caption?: string }) {
  return (
    <table class="votes">
      {props.caption && <caption>{props.caption}</caption>}
      <thead>
        <tr>
          <th scope="col">Analyser</th>
          <th scope="col">Vote</th>
          <th scope="col">Confidence</th>
          <th scope="col">About</th>
          <th scope="col">Why</th>
          <th scope="col">What to do</th>
        </tr>
      </thead>
      <tbody>
        {props.votes.map((v) => (
          <tr data-analyser={v.analyser}>
            <td>{v.analyser}</td>
            <td>
              <StatusBadge status={v.severity} />
            </td>
            <td class="num">{formatRisk(v.confidence)}</td>
            <td>{v.kind}</td>
            <td>
              <ul class="evidence">
                {v.evidence.map((e) => (
                  <li>{e}</li>
                ))}
              </ul>
            </td>
            <td>{v.recommendation || '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
