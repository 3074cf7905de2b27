import { describe, expect, it } from 'vitest';
import { collectOnce, FIXTURES } from '../testing.js';
import { createTemperatureCollector, sensorMetricName, temperatureGauges } from './temperature.js';

describe('temperature', () => {
  it('reads hwmon chips and thermal zones; temp.cpu is the hottest CPU sensor; 0 readings are ignored', async () => {
    const g = (await collectOnce(createTemperatureCollector(FIXTURES.now))).gauges;
    expect(g).toEqual({ 'temp.coretemp': 54, 'temp.nvme': 38.85, 'temp.it8728': 31, 'temp.acpitz': 27.8, 'temp.x86_pkg_temp': 55, 'temp.cpu': 55 });
  });

  it('uses the ACPI zone for temp.cpu only when there is no CPU sensor', () => {
    expect(temperatureGauges(new Map([['acpitz', 40], ['nvme', 50]]))['temp.cpu']).toBe(40);
    expect(temperatureGauges(new Map([['acpitz', 60], ['k10temp', 45]]))['temp.cpu']).toBe(45);
    expect(temperatureGauges(new Map([['nvme', 50]]))['temp.cpu']).toBeUndefined();
  });

  it('emits nothing on a machine without sensors', async () => {
    expect((await collectOnce(createTemperatureCollector({ proc: '/nonexistent', sys: '/nonexistent' }))).gauges).toEqual({});
    expect(sensorMetricName('Package id 0')).toBe('temp.package_id_0');
  });
});
