import { hostFactsSchema } from '@aura/protocol';
import { describe, expect, it } from 'vitest';
import { parseCpuinfo, parseOsRelease, readHostFacts } from './facts.js';
import { FIXTURES, fixture } from './testing.js';

describe('host facts', () => {
  it('parses os-release and cpuinfo captured from a real machine', () => {
    expect(parseOsRelease(fixture('etc/os-release'))).toEqual({ distro: 'Debian GNU/Linux', release: '12' });
    expect(parseCpuinfo(fixture('proc/cpuinfo'))).toEqual({ model: 'AMD EPYC', physicalCores: 2 });
  });

  it('counts physical cores across packages and hyperthreads; reads ARM models', () => {
    const cpu = (pkg: number, core: number) => `processor\t: x\nmodel name\t: Xeon\nphysical id\t: ${pkg}\ncore id\t\t: ${core}\n\n`;
    expect(parseCpuinfo([cpu(0, 0), cpu(0, 0), cpu(0, 1), cpu(1, 0)].join(''))).toEqual({ model: 'Xeon', physicalCores: 3 });
    expect(parseCpuinfo('processor\t: 0\nBogoMIPS\t: 108.00\n\nModel\t\t: Raspberry Pi 4 Model B Rev 1.4\n')).toEqual({ model: 'Raspberry Pi 4 Model B Rev 1.4' });
    expect(parseOsRelease("NAME='Alpine Linux'\nBUILD_ID=3.19\n")).toEqual({ distro: 'Alpine Linux', release: '3.19' });
  });

  it('assembles a hello-valid inventory: boot time from /proc/stat, interfaces from /sys/class/net', async () => {
    const f = await readHostFacts(FIXTURES.now, hostFactsSchema.shape.hostId.parse('web-01'));
    expect(hostFactsSchema.parse(f)).toBeTruthy();
    expect(f.hostId).toBe('web-01');
    expect(f.bootTime).toBe(1795386898);
    expect(f.cpu.model).toBe('AMD EPYC');
    expect(f.filesystems.map((m) => m.mount)).toEqual(['/']);
    expect(f.filesystems[0]!.sizeBytes).toBeGreaterThan(0);
    const byName = Object.fromEntries(f.interfaces.map((i) => [i.name, i]));
    expect(byName.eth0).toMatchObject({ mac: '52:54:00:12:34:56', speedMbps: 1000, virtual: false });
    expect(byName.docker0).toMatchObject({ speedMbps: null, virtual: true });
    expect(byName.lo).toMatchObject({ speedMbps: null, virtual: true });
  });
});
