/** Every frame exchanged on `/v1/agent`, as zod schemas and their types (a discriminated union on `type`). */
import { z } from 'zod';
import { deltaSampleSchema } from './delta.js';
import { hostIdSchema } from './ids.js';

/** Most samples in one batch frame. */
export const MAX_BATCH_SAMPLES = 720;

const shortText = (max = 256) => z.string().max(max);

export const filesystemInfoSchema = z.object({
  mount: z.string().min(1).max(512),
  fstype: shortText(64),
  device: shortText(512),
  sizeBytes: z.number().nonnegative(),
});

export const interfaceInfoSchema = z.object({
  name: z.string().min(1).max(64),
  mac: shortText(64).optional(),
  speedMbps: z.number().nonnegative().nullable().optional(),
  addresses: z.array(shortText(64)).max(64).default([]),
  virtual: z.boolean().optional(),
});

export const hostFactsSchema = z.object({
  /** Set by the operator to override the id derived from the machine id. */
  hostId: hostIdSchema.optional(),
  hostname: z.string().min(1).max(255),
  machineId: z.string().min(1).max(128),
  os: z.object({ platform: shortText(64), distro: shortText(), release: shortText() }),
  kernel: shortText(),
  arch: shortText(64),
  cpu: z.object({ model: shortText(), cores: z.number().int().positive(), physicalCores: z.number().int().nonnegative().optional() }),
  memoryBytes: z.number().nonnegative(),
  /** Unix seconds. */
  bootTime: z.number().nonnegative(),
  filesystems: z.array(filesystemInfoSchema).max(1024),
  interfaces: z.array(interfaceInfoSchema).max(1024),
});
export type HostFacts = z.infer<typeof hostFactsSchema>;

/** agent → server, first frame on every connection. */
export const helloFrameSchema = z.object({
  type: z.literal('hello'),
  protocol: z.number().int().positive(),
  agent: z.object({
    version: shortText(64),
    /** Random id of this agent's spool; sequence numbers are scoped to it. */
    instanceId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'instanceId is 8–64 letters, digits or "-"'),
  }),
  host: hostFactsSchema,
  intervalMs: z.number().int().positive(),
});
export type HelloFrame = z.infer<typeof helloFrameSchema>;

/** agent → server: a batch of delta-encoded samples. */
export const batchFrameSchema = z.object({
  type: z.literal('batch'),
  seq: z.number().int().positive(),
  samples: z.array(deltaSampleSchema).min(1).max(MAX_BATCH_SAMPLES),
  /** Samples the agent dropped from its full spool since it last reported. */
  dropped: z.number().int().nonnegative().optional(),
});
export type BatchFrame = z.infer<typeof batchFrameSchema>;

export const agentFrameSchema = z.discriminatedUnion('type', [helloFrameSchema, batchFrameSchema]);
export type AgentFrame = z.infer<typeof agentFrameSchema>;

export const agentConfigSchema = z.object({ intervalMs: z.number().int().min(1000).max(3_600_000) });
export type AgentConfig = z.infer<typeof agentConfigSchema>;

/** server → agent, answer to hello. */
export const welcomeFrameSchema = z.object({
  type: z.literal('welcome'),
  protocol: z.number().int().positive(),
  hostId: hostIdSchema,
  /** Highest sequence number of this instance the server has committed; replay what is above it. */
  lastSeq: z.number().int().nonnegative(),
  config: agentConfigSchema.partial(),
});
export type WelcomeFrame = z.infer<typeof welcomeFrameSchema>;

/** server → agent: the batch with this sequence number (and every one before it) is committed. */
export const ackFrameSchema = z.object({ type: z.literal('ack'), seq: z.number().int().positive() });
export type AckFrame = z.infer<typeof ackFrameSchema>;

/** server → agent: new settings, applied at once. */
export const configFrameSchema = z.object({ type: z.literal('config'), config: agentConfigSchema.partial() });
export type ConfigFrame = z.infer<typeof configFrameSchema>;

/** server → agent, just before a close: what went wrong, in words an operator can act on. */
export const errorFrameSchema = z.object({
  type: z.literal('error'),
  code: z.string().max(64),
  message: z.string().max(1024),
  /** For protocol refusals: the versions the server accepts. */
  supported: z.object({ min: z.number().int(), max: z.number().int() }).optional(),
});
export type ErrorFrame = z.infer<typeof errorFrameSchema>;

export const serverFrameSchema = z.discriminatedUnion('type', [welcomeFrameSchema, ackFrameSchema, configFrameSchema, errorFrameSchema]);
export type ServerFrame = z.infer<typeof serverFrameSchema>;

/** Format a zod error as one line naming the first offending field: `samples[0].t: expected number`. */
export function describeZodError(err: z.ZodError): string {
  return err.issues
    .slice(0, 3)
    .map((i) => `${formatPath(i.path)}${i.path.length ? ': ' : ''}${i.message}`)
    .join('; ');
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}
