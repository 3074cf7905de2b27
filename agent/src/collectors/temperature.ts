/** Temperatures from /sys/class/hwmon and /sys/class/thermal, where the machine has sensors. */
import { readFile, readdir } from 'node:fs/promises';
import { METRIC } from '@aura/protocol';
import type { Collector, ProcPaths } from './types.js';

/** Sensor chips and zones that measure the CPU package or cores. */
const CPU_SENSORS = /^(coretemp|k10temp|zenpower|cpu_thermal|x86_pkg_temp|soc_thermal|cpu-thermal|acpitz)/;

async function list(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => []);
}

async function readMilliC(path: string): Promise<number | undefined> {
  const v = Number((await readFile(path, 'utf8').catch(() => '')).trim());
  return Number.isFinite(v) && v !== 0 ? v / 1000 : undefined;
}

export function sensorMetricName(chip: string): string {
  return `temp.${chip.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`;
}

export function createTemperatureCollector(paths: ProcPaths): Collector {
  return {
    name: 'temperature',
    cadence: 'fast',
    async collect(into) {
      const byChip = new Map<string, number>();
      for (const h of await list(`${paths.sys}/class/hwmon`)) {
        const base = `${paths.sys}/class/hwmon/${h}`;
        const chip = (await readFile(`${base}/name`, 'utf8').catch(() => h)).trim();
        for (const f of await list(base)) {
          if (!/^temp\d+_input$/.test(f)) continue;
          const c = await readMilliC(`${base}/${f}`);
          if (c !== undefined) byChip.set(chip, Math.max(byChip.get(chip) ?? -Infinity, c));
        }
      }
      for (const z of await list(`${paths.sys}/class/thermal`)) {
        if (!z.startsWith('thermal_zone')) continue;
        const type = (await readFile(`${paths.sys}/class/thermal/${z}/type`, 'utf8').catch(() => z)).trim();
        const c = await readMilliC(`${paths.sys}/class/thermal/${z}/temp`);
        if (c !== undefined) byChip.set(type, Math.max(byChip.get(type) ?? -Infinity, c));
      }
      let cpu: number | undefined;
      for (const [chip, c] of byChip) {
        into.gauge(sensorMetricName(chip), c);
        if (CPU_SENSORS.test(chip)) cpu = Math.max(cpu ?? -Infinity, c);
      }
      if (cpu !== undefined) into.gauge(METRIC.tempCpu, cpu);
    },
  };
}
