/** What to do about each failure class, in plain words an on-call engineer can act on at 3 a.m. */
import type { FailureClass } from '@aura/protocol';

export const RECOMMENDATIONS: Readonly<Record<FailureClass, string>> = {
  memory_leak: 'Memory keeps climbing: find the process whose resident memory grows (ps aux --sort=-rss | head), restart it or cap it (systemd MemoryMax) before the OOM killer picks a victim, and file the leak.',
  disk_fill: 'A filesystem is filling: find what grows (du -xh --max-depth=2 <mount> | sort -h | tail), rotate or remove old logs and dumps, or extend the volume before writes start failing.',
  inode_exhaustion: 'Inodes are running out: look for directories with huge numbers of small files (sessions, caches, mail queues: find <mount> -xdev -type d -size +1M), clean them, and fix whatever creates them.',
  cpu_runaway: 'CPU and load keep rising: find the runaway process (top -o %CPU), check recent deploys and cron jobs, and throttle or restart it before the host stops answering.',
  network_saturation: 'The network link is saturating and dropping packets: see who sends the traffic (iftop, nethogs, ss -tin), check the NIC counters (ethtool -S), and rate-limit or move the traffic.',
  connection_storm: 'Connections are piling up: check their states and peers (ss -s; ss -tan | awk \'{print $5}\' | sort | uniq -c | sort -n | tail), the file-descriptor limits (ulimit -n, LimitNOFILE) and the upstream timeouts.',
  io_stall: 'Processes are stuck waiting for the disk: check the device latency (iostat -x 1), which processes wait (state D in ps), and the device health (smartctl -a); move heavy I/O away or fail over.',
  swap_thrash: 'The host is swapping hard: find the memory hog (ps aux --sort=-rss), reduce the pressure (restart it, lower caches, add memory) and consider vm.swappiness; thrashing hosts stop answering.',
};

/** The recommendation when no class stands out yet. */
export const GENERAL_RECOMMENDATION = 'The host is drifting towards a failure but its kind is not clear yet: look at the metrics that drove the prediction and at recent changes (deploys, cron, traffic).';
