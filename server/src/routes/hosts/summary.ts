/** A catalog row as the API's HostSummary. */
import type { HostFacts, HostSummary } from '@aura/protocol';
import type { HostRow } from '../../store/index.js';

export function toHostSummary(row: HostRow, lastSeenMs: number | null, connected: boolean): HostSummary {
  const facts = JSON.parse(row.facts) as HostFacts;
  return {
    id: row.id,
    hostname: row.hostname,
    lastSeen: lastSeenMs === null ? null : lastSeenMs / 1000,
    firstSeen: row.first_seen / 1000,
    connected,
    agentVersion: row.agent_version,
    os: `${facts.os.distro} ${facts.os.release}`.trim(),
    kernel: facts.kernel,
    arch: facts.arch,
    cores: facts.cpu.cores,
    memoryBytes: facts.memoryBytes,
    intervalSeconds: row.interval_ms / 1000,
  };
}
