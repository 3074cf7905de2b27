import { CLOSE_CODES } from '@aura/protocol';
import { describe, expect, it } from 'vitest';
import { closeAction } from './close-policy.js';

describe('close policy', () => {
  it('stops with exit code 3 only for a protocol refusal', () => {
    expect(closeAction(CLOSE_CODES.protocolUnsupported)).toMatchObject({ kind: 'stop', exitCode: 3 });
    for (const code of Object.values(CLOSE_CODES).filter((c) => c !== CLOSE_CODES.protocolUnsupported)) expect(closeAction(code).kind, String(code)).not.toBe('stop');
  });

  it('waits near the cap after a token refusal; counts refused frames towards dropping a poison batch', () => {
    expect(closeAction(CLOSE_CODES.unauthorized).kind).toBe('refused');
    for (const code of [CLOSE_CODES.badFrame, CLOSE_CODES.tooLarge, 1009]) expect(closeAction(code)).toMatchObject({ kind: 'retry', poison: true });
    for (const code of [CLOSE_CODES.storeUnavailable, CLOSE_CODES.rateLimited, CLOSE_CODES.goingAway, CLOSE_CODES.replaced, 1006, 1011]) {
      expect(closeAction(code)).toMatchObject({ kind: 'retry', poison: false });
    }
    expect(closeAction(CLOSE_CODES.replaced).message).toMatch(/same host id/);
  });
});
