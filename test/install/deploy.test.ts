// deploy/: no container engine runs on the build machines, so the Dockerfile, the Compose file and
// the Kubernetes manifests are checked by parsing them and checking what they promise (and by
// `docker-compose config` where that client is installed; it needs no engine).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { ROOT } from '../helpers/procs.js';
import { has, sh } from './helpers.js';

const DEPLOY = join(ROOT, 'deploy');
type Obj = Record<string, unknown>;
const o = (v: unknown) => v as Obj;
const arr = (v: unknown) => v as Obj[];

function manifests(): Obj[] {
  const dir = join(DEPLOY, 'kubernetes');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
    .flatMap((f) =>
      parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => {
        expect(d.errors, f).toEqual([]);
        return d.toJS() as Obj;
      }),
    );
}

const byKind = (docs: Obj[], kind: string) => docs.filter((d) => d.kind === kind);

describe('Kubernetes manifests', () => {
  const docs = manifests();

  it('every document has apiVersion, kind, name and the aura namespace; kustomization lists every file', () => {
    for (const d of docs) {
      expect(d.apiVersion, JSON.stringify(d).slice(0, 80)).toMatch(/^(v1|apps\/v1)$/);
      expect(o(d.metadata).name).toMatch(/^[a-z0-9-]+$/);
      if (d.kind !== 'Namespace') expect(o(d.metadata).namespace).toBe('aura');
    }
    const k = parse(readFileSync(join(DEPLOY, 'kubernetes/kustomization.yaml'), 'utf8')) as { resources: string[] };
    expect(k.resources.sort()).toEqual(readdirSync(join(DEPLOY, 'kubernetes')).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml').sort());
  });

  it('the agent is a DaemonSet reading the host\'s /proc and /sys read-only, unprivileged', () => {
    const [ds] = byKind(docs, 'DaemonSet');
    const pod = o(o(o(ds).spec).template);
    const spec = o(pod.spec);
    const c = arr(spec.containers)[0]!;
    const mounts = arr(c.volumeMounts);
    const vols = arr(spec.volumes);
    for (const [path, mount] of [['/proc', '/host/proc'], ['/sys', '/host/sys']]) {
      const v = vols.find((x) => o(x.hostPath)?.path === path)!;
      expect(v, path).toBeDefined();
      expect(mounts.find((m) => m.name === v.name)).toMatchObject({ mountPath: mount, readOnly: true });
    }
    expect(c.args).toEqual(expect.arrayContaining(['--proc-path', '/host/proc', '--sys-path', '/host/sys']));
    expect(o(spec.securityContext).runAsNonRoot).toBe(true);
    expect(o(c.securityContext)).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(arr(c.env).map((e) => e.name)).toEqual(expect.arrayContaining(['AURA_SERVER', 'AURA_TOKEN_FILE']));
    expect(o(o(c.resources).limits).memory).toBe('128Mi');
    // The selector matches the pod's labels.
    expect(o(o(pod.metadata).labels)).toMatchObject(o(o(o(ds).spec).selector).matchLabels as Obj);
  });

  it('the server is a StatefulSet with a volume claim, health probes, token files, and a Service that selects it', () => {
    const [sts] = byKind(docs, 'StatefulSet');
    const spec = o(o(sts).spec);
    const pod = o(spec.template);
    const c = arr(o(pod.spec).containers)[0]!;
    expect(arr(spec.volumeClaimTemplates)[0]).toMatchObject({ metadata: { name: 'data' } });
    expect(arr(c.volumeMounts).find((m) => m.name === 'data')!.mountPath).toBe('/var/lib/aura');
    expect(o(o(c.readinessProbe).httpGet).path).toBe('/readyz');
    expect(o(o(c.livenessProbe).httpGet).path).toBe('/healthz');
    expect(arr(c.env).map((e) => e.name)).toEqual(expect.arrayContaining(['AURA_AGENT_TOKEN_FILE', 'AURA_API_TOKEN_FILE']));
    expect(o(o(pod.spec).securityContext).runAsNonRoot).toBe(true);
    const svc = byKind(docs, 'Service').find((s) => o(s.metadata).name === spec.serviceName)!;
    expect(o(o(pod.metadata).labels)).toMatchObject(o(o(svc).spec).selector as Obj);
    // The agents' server address is this Service.
    const [ds] = byKind(docs, 'DaemonSet');
    const agentEnv = arr(arr(o(o(o(o(ds).spec).template).spec).containers)[0]!.env);
    expect(agentEnv.find((e) => e.name === 'AURA_SERVER')!.value).toBe(`ws://${String(o(svc.metadata).name)}.aura.svc:8080`);
  });
});

describe('Compose and Dockerfile', () => {
  const compose = parse(readFileSync(join(DEPLOY, 'compose.yaml'), 'utf8')) as { services: Record<string, Obj>; volumes: Obj };

  it('compose: the server with a data volume and health-checked image; the host agent reads /proc and /sys read-only', () => {
    const server = compose.services.server!;
    expect(server.volumes).toContain('aura-data:/var/lib/aura');
    expect(server.ports).toContain('8080:8080');
    expect(o(server.build)).toMatchObject({ context: '..', dockerfile: 'deploy/Dockerfile' });
    const agent = compose.services.agent!;
    expect(agent.volumes).toEqual(expect.arrayContaining(['/proc:/host/proc:ro', '/sys:/host/sys:ro']));
    expect(agent.cap_drop).toEqual(['ALL']);
    expect(Object.keys(compose.volumes)).toEqual(expect.arrayContaining(['aura-data']));
  });

  it.runIf(has('docker-compose'))('docker-compose config accepts the file (no engine needed)', async () => {
    const r = await sh(`docker-compose -p aura -f ${join(DEPLOY, 'compose.yaml')} --profile agent config -q`, { PATH: process.env.PATH, AURA_AGENT_TOKEN: 'x'.repeat(20) });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('Dockerfile: two stages, runs as a non-root user, the data volume, the health check, and the paths it copies exist', () => {
    const text = readFileSync(join(DEPLOY, 'Dockerfile'), 'utf8');
    expect(text.match(/^FROM /gm)).toHaveLength(2);
    expect(text).toMatch(/^USER 10001:10001$/m);
    expect(text).toMatch(/^VOLUME \["\/var\/lib\/aura"\]$/m);
    expect(text).toMatch(/^HEALTHCHECK .*\n\s+CMD .*\/healthz/m);
    expect(text).toMatch(/^ENTRYPOINT \["node", "\/opt\/aura\/server\/dist\/cli\.js"\]$/m);
    // What the build stage runs and copies is in the repository.
    for (const p of ['scripts/build-standalone-agent.mjs', 'install', 'systemd', 'package.json', 'pnpm-lock.yaml']) expect(() => readFileSync(join(ROOT, p === 'install' || p === 'systemd' ? `${p}/README.md` : p)), p).not.toThrow();
    // The image's layout is the one the server looks for install.sh and the agent in.
    expect(text).toContain('cp -r agent/dist /out/agent/dist');
    expect(text).toContain('cp -r install systemd package.json /out/');
    expect(readFileSync(join(DEPLOY, 'Dockerfile.dockerignore'), 'utf8')).toMatch(/^\*\*\/node_modules$/m);
  });
});
