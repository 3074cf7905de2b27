/**
 * Temperatures from /sys/class/hwmon (sensor chips) and /sys/class/thermal (ACPI and SoC zones),
 * where the machine has any: `temp.<chip or zone>` is the hottest sensor of each, and `temp.cpu`
 * the hottest CPU package or core sensor. Virtual machines usually have none: no gauges then.
 */
import { readFile, readdir } from 'node:fs/promises';
import { METRIC } from '@aura/protocol';
import type { Collector, ProcPaths } from './types.js';

/** Chips and zones that measure the CPU package or its cores (Intel, AMD, ARM SoCs). */
const CPU_SENSORS = /^(coretemp|k10temp|zenpower|x86_pkg_temp|cpu[_-]thermal|soc[_-]thermal|cpu\d*_thermal|cpuss\d*[_-]thermal)/;
/** The ACPI zone approximates the CPU on many laptops: used for temp.cpu only when nothing better exists. */
const FALLBACK_CPU_SENSORS = /^acpitz/;

/** `temp.<name>` with the name reduced to characters every consumer of metric names accepts. */
export function sensorMetricName(chip: string): string {
  return `temp.${chip.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`;
}

/** Hottest reading per chip or zone → gauges (pure). */
export function temperatureGauges(byChip: ReadonlyMap<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  let cpu: number | undefined;
  let fallback: number | undefined;
  for (const [chip, c] of byChip) {
    const name = sensorMetricName(chip);
    out[name] = Math.max(out[name] ?? -Infinity, c);
    if (CPU_SENSORS.test(chip)) cpu = Math.max(cpu ?? -Infinity, c);
    else if (FALLBACK_CPU_SENSORS.test(chip)) fallback = Math.max(fallback ?? -Infinity, c);
  }
  const best = cpu ?? fallback;
  if (best !== undefined) out[METRIC.tempCpu] = best;
  return out;
}

const list = (dir: string) => readdir(dir).catch((): string[] => []);
const readText = async (path: string) => (await readFile(path, 'utf8').catch(() => '')).trim();

/** Millidegrees → °C; 0 and absurd values are what absent or broken sensors report. */
async function readCelsius(path: string): Promise<number | undefined> {
  const v = Number(await readText(path));
  return Number.isFinite(v) && v !== 0 && v > -50_000 && v < 200_000 ? v / 1000 : undefined;
}

async function readHwmon(sys: string, into: Map<string, number>): Promise<void> {
  for (const h of await list(`${sys}/class/hwmon`)) {
    const base = `${sys}/class/hwmon/${h}`;
    const chip = (await readText(`${base}/name`)) || h;
    // Kernels before 3.x put the sensor files under device/.
    let dir = base;
    let files = (await list(dir)).filter((f) => /^temp\d+_input$/.test(f));
    if (!files.length) files = (await list((dir = `${base}/device`))).filter((f) => /^temp\d+_input$/.test(f));
    for (const f of files) {
      const c = await readCelsius(`${dir}/${f}`);
      if (c !== undefined) into.set(chip, Math.max(into.get(chip) ?? -Infinity, c));
    }
  }
}

async function readThermalZones(sys: string, into: Map<string, number>): Promise<void> {
  for (const z of await list(`${sys}/class/thermal`)) {
    if (!z.startsWith('thermal_zone')) continue;
    const type = (await readText(`${sys}/class/thermal/${z}/type`)) || z;
    const c = await readCelsius(`${sys}/class/thermal/${z}/temp`);
    if (c !== undefined) into.set(type, Math.max(into.get(type) ?? -Infinity, c));
  }
}

export function createTemperatureCollector(paths: ProcPaths): Collector {
  return {
    name: 'temperature',
    cadence: 'fast',
    async collect(into) {
      const byChip = new Map<string, number>();
      await readHwmon(paths.sys, byChip);
      await readThermalZones(paths.sys, byChip);
      const g = temperatureGauges(byChip);
      for (const k in g) into.gauge(k, g[k]!);
    },
  };
}
