/**
 * Schemas written from the receivers' specs, to check what AURA sends (tests use them; the
 * server does not): PagerDuty Events API v2 (developer.pagerduty.com, "Send an Alert Event")
 * and the part of Slack's Block Kit our messages use (api.slack.com/reference/block-kit).
 */
import { z } from 'zod';

const chars = (max: number) => z.string().min(1).refine((s) => [...s].length <= max, `at most ${max} characters`);

// ---- PagerDuty Events API v2 ----

const pdLink = z.object({ href: z.string().url(), text: z.string().optional() }).strict();
const pdImage = z.object({ src: z.string().startsWith('https://'), href: z.string().optional(), alt: z.string().optional() }).strict();

export const pagerDutyEventSchema = z
  .object({
    routing_key: z.string().min(1),
    event_action: z.enum(['trigger', 'acknowledge', 'resolve']),
    dedup_key: chars(255).optional(),
    payload: z
      .object({
        summary: chars(1024),
        source: z.string().min(1),
        severity: z.enum(['critical', 'error', 'warning', 'info']),
        timestamp: z.iso.datetime().optional(),
        component: z.string().optional(),
        group: z.string().optional(),
        class: z.string().optional(),
        custom_details: z.record(z.string(), z.unknown()).optional(),
      })
      .strict()
      .optional(),
    client: z.string().optional(),
    client_url: z.string().url().optional(),
    links: z.array(pdLink).optional(),
    images: z.array(pdImage).optional(),
  })
  .strict()
  .superRefine((e, ctx) => {
    if (e.event_action === 'trigger' && !e.payload) ctx.addIssue({ code: 'custom', path: ['payload'], message: 'a trigger needs a payload' });
    if (e.event_action !== 'trigger' && !e.dedup_key) ctx.addIssue({ code: 'custom', path: ['dedup_key'], message: 'acknowledge and resolve need the dedup_key' });
  });

// ---- Slack Block Kit (the blocks AURA uses) ----

const plainText = z.object({ type: z.literal('plain_text'), text: z.string().min(1), emoji: z.boolean().optional() }).strict();
const mrkdwn = z.object({ type: z.literal('mrkdwn'), text: z.string().min(1), verbatim: z.boolean().optional() }).strict();
const textObject = z.union([plainText, mrkdwn]);
const limited = <T extends z.ZodType<{ text: string }>>(t: T, max: number) => t.refine((o) => [...o.text].length <= max, `text at most ${max} characters`);
const blockId = { block_id: chars(255).optional() };

const button = z
  .object({
    type: z.literal('button'),
    text: limited(plainText, 75),
    action_id: chars(255).optional(),
    url: chars(3000).optional(),
    value: chars(2000).optional(),
    style: z.enum(['primary', 'danger']).optional(),
  })
  .strict();

const header = z.object({ type: z.literal('header'), text: limited(plainText, 150), ...blockId }).strict();
const section = z
  .object({
    type: z.literal('section'),
    text: limited(textObject, 3000).optional(),
    fields: z.array(limited(textObject, 2000)).min(1).max(10).optional(),
    accessory: button.optional(),
    ...blockId,
  })
  .strict()
  .refine((s) => s.text !== undefined || s.fields !== undefined, 'a section needs text or fields');
const context = z.object({ type: z.literal('context'), elements: z.array(limited(textObject, 3000)).min(1).max(10), ...blockId }).strict();
const actions = z.object({ type: z.literal('actions'), elements: z.array(button).min(1).max(25), ...blockId }).strict();
const divider = z.object({ type: z.literal('divider'), ...blockId }).strict();

export const slackMessageSchema = z
  .object({
    text: z.string().max(40_000).optional(),
    blocks: z.array(z.union([header, section, context, actions, divider])).min(1).max(50),
  })
  .strict();
