/**
 * Network: interface errors and drops, saturation against the link speed, the fleet hosts this
 * host talks to going silent (a partition), and a sudden change in which fleet hosts it talks to
 * or in how many connections it holds.
 */
import { SEVERITIES, type HostFacts } from '@aura/protocol';
import { z } from 'zod';
import { baselineSchema, learn, ratio } from './baseline.js';
import { peersOf } from './fleet.js';
import { depth } from './levels.js';
import { fmt, middles, newestWindow, nowValue } from './series.js';
import { silentAfterFor } from './silence.js';
import type { Analyser, CouncilInput } from './types.js';
import { LevelMemory, votesFrom, type Finding } from './vote.js';

const memorySchema = z.object({
  levels: z.record(z.string(), z.enum(SEVERITIES)),
  /** Fleet hosts this host talked to: first and last time (unix ms). */
  peers: z.record(z.string(), z.object({ first: z.number(), last: z.number() })),
  /** When this host's peers were first seen (learning starts). */
  since: z.number().nullable(),
  tcp: baselineSchema.optional(),
});
type NetworkMemory = z.infer<typeof memorySchema>;

/** Rates under this many packets per second say nothing about error ratios. */
const MIN_PPS = 10;
/** Peers not seen for this long are forgotten (a week: weekly jobs keep their peers). */
const PEER_MEMORY_MS = 7 * 86_400_000;
const MAX_PEERS = 512;
/** A peer first seen after learning counts as new for this long (then it is part of the normal). */
export const NOVELTY_MS = 30 * 60_000;
/** Connection counts below this are never a storm. */
const TCP_FLOOR = 50;

export const networkAnalyser: Analyser<NetworkMemory> = {
  name: 'network',
  memorySchema,
  initialMemory: () => ({ levels: {}, peers: {}, since: null }),
  analyse(input, ctx) {
    const o = ctx.options;
    const T = o.thresholds;
    const win = newestWindow(input.recent, o.nowWindow);
    const mem = new LevelMemory(ctx.memory.levels);
    const findings: Finding[] = [];
    const seen: string[] = [];
    const level = (key: string, value: number, t: typeof T.linkUse) => mem.above(key, value, t, o.hysteresis);

    for (const iface of interfaces(win, input.facts)) {
      const rx = nowValue(win, `net.${iface.name}.rx_bps`);
      const tx = nowValue(win, `net.${iface.name}.tx_bps`);
      if (iface.speedMbps && (rx !== undefined || tx !== undefined)) {
        const use = (Math.max(rx ?? 0, tx ?? 0) * 8 * 100) / (iface.speedMbps * 1e6);
        seen.push(`${iface.name} ${fmt(use)}% of ${iface.speedMbps} Mb/s`);
        const l = level(`link:${iface.name}`, use, T.linkUse);
        if (l !== 'ok') {
          findings.push({
            kind: 'network',
            severity: l,
            confidence: 0.6 + 0.35 * depth(use, T.linkUse, l),
            evidence: `${iface.name} carries ${fmt(use)}% of its ${iface.speedMbps} Mb/s link (${l} from ${T.linkUse[l]}%)`,
            recommendation: `find the heavy flows (iftop -i ${iface.name}); rate-limit them or add bandwidth`,
          });
        }
      }
      const pps = (nowValue(win, `net.${iface.name}.rx_pps`) ?? 0) + (nowValue(win, `net.${iface.name}.tx_pps`) ?? 0);
      if (pps < MIN_PPS) continue;
      for (const [what, t, advice] of [
        ['errors', T.netErrors, `check the cable, the NIC and the switch port (ethtool -S ${iface.name}, dmesg)`],
        ['drops', T.netDrops, `the host cannot keep up with ${iface.name}: check ring buffers (ethtool -g ${iface.name}) and softirq load`],
      ] as const) {
        const n = (nowValue(win, `net.${iface.name}.rx_${what}`) ?? 0) + (nowValue(win, `net.${iface.name}.tx_${what}`) ?? 0);
        const pct = (100 * n) / pps;
        const l = level(`${what}:${iface.name}`, pct, t);
        if (l !== 'ok') {
          findings.push({
            kind: 'network',
            severity: l,
            confidence: 0.6 + 0.35 * depth(pct, t, l),
            evidence: `${iface.name}: ${fmt(n)} ${what}/s, ${fmt(pct, 2)}% of packets (${l} from ${t[l]}%)`,
            recommendation: advice,
          });
        }
      }
    }

    const tcp = nowValue(win, 'tcp.established');
    if (tcp !== undefined) {
      seen.push(`${Math.round(tcp)} TCP connections`);
      const b = ctx.memory.tcp;
      if (b && ctx.now - b.since >= o.learnFor) {
        const r = ratio(b, tcp, TCP_FLOOR);
        const l = tcp - b.mean >= 100 ? level('tcp', r, T.connStorm) : mem.keep('tcp', 'ok');
        if (l !== 'ok') {
          findings.push({
            kind: 'connections',
            severity: l,
            confidence: 0.55 + 0.35 * depth(r, T.connStorm, l),
            evidence: `${Math.round(tcp)} established TCP connections, ${fmt(r)}× the usual ${Math.round(b.mean)}`,
            recommendation: 'see who connects (ss -tn state established | awk \'{print $5}\' | sort | uniq -c | sort -n | tail) and block or rate-limit the flood',
          });
        }
      }
      ctx.memory.tcp = learn(b, tcp, ctx.now);
    }

    findings.push(...fleetFindings(input, ctx.memory, ctx.now, o.learnFor, o.silentAfter));
    ctx.memory.levels = mem.next;
    const data = seen.length === 0 && !input.fleet ? 0 : Math.min(1, 0.4 + 0.2 * win.length);
    return votesFrom('network', findings, seen.length ? [seen.join(', ')] : ['no interface metrics in the recent samples'], data);
  },
};

function interfaces(win: CouncilInput['recent'], facts: HostFacts | null): Array<{ name: string; speedMbps: number | null }> {
  const speeds = new Map((facts?.interfaces ?? []).map((i) => [i.name, i.virtual ? null : (i.speedMbps ?? null)]));
  return middles(win, 'net', 'rx_bps')
    .filter((n) => n !== 'lo')
    .map((name) => ({ name, speedMbps: speeds.get(name) ?? null }));
}

/** Peers gone silent (partition) and peers never seen before (a change in who talks to whom). */
function fleetFindings(input: CouncilInput, memory: NetworkMemory, now: number, learnFor: number, silentAfter: number): Finding[] {
  const fleet = input.fleet;
  if (!fleet) return [];
  const self = input.analysis.hostId;
  const out: Finding[] = [];
  const mine = new Map<string, number>();
  for (const e of peersOf(fleet.edges, self)) if (e.to !== self) mine.set(e.to, (mine.get(e.to) ?? 0) + e.count);
  const silent = [...mine.keys()].filter((p) => {
    const h = fleet.hosts[p];
    return h !== undefined && fleet.now - h.lastSeen >= silentAfterFor(silentAfter, h.intervalMs);
  });
  if (mine.size >= 2 && silent.length > 0) {
    const half = silent.length * 2 >= mine.size;
    out.push({
      kind: 'network',
      severity: half ? 'warning' : 'watch',
      confidence: half ? 0.7 : 0.5,
      evidence: `${silent.length} of the ${mine.size} fleet hosts this host talks to went silent (${silent.slice(0, 5).join(', ')}${silent.length > 5 ? ', …' : ''}): possible network partition`,
      recommendation: 'check the network path between these hosts and the server (ping, traceroute, switch and firewall changes)',
    });
  }
  if (memory.since === null && mine.size > 0) memory.since = now;
  const learned = memory.since !== null && now - memory.since >= learnFor;
  if (learned && mine.size > 0) {
    let total = 0;
    let fresh = 0;
    const newPeers: string[] = [];
    for (const [peer, count] of mine) {
      total += count;
      const known = memory.peers[peer];
      if (known === undefined || now - known.first < NOVELTY_MS) {
        fresh += count;
        newPeers.push(peer);
      }
    }
    const share = total ? fresh / total : 0;
    const severity = newPeers.length >= 4 && share >= 0.8 ? 'warning' : newPeers.length >= 2 && share >= 0.5 ? 'watch' : 'ok';
    if (severity !== 'ok') {
      out.push({
        kind: 'connections',
        severity,
        confidence: 0.45 + 0.4 * share,
        evidence: `${Math.round(share * 100)}% of its connections to fleet hosts go to ${newPeers.length} hosts it never talked to (${newPeers.slice(0, 5).join(', ')})`,
        recommendation: 'check whether a deploy or failover moved traffic; if not, treat it as lateral movement and inspect the host',
      });
    }
  }
  for (const peer of mine.keys()) {
    const known = memory.peers[peer];
    // Peers seen while learning are part of the normal from the start.
    memory.peers[peer] = { first: known?.first ?? (learned ? now : now - NOVELTY_MS), last: now };
  }
  for (const [peer, p] of Object.entries(memory.peers)) if (now - p.last > PEER_MEMORY_MS) delete memory.peers[peer];
  const names = Object.keys(memory.peers);
  if (names.length > MAX_PEERS) {
    names.sort((a, b) => memory.peers[a]!.last - memory.peers[b]!.last);
    for (const p of names.slice(0, names.length - MAX_PEERS)) delete memory.peers[p];
  }
  return out;
}
