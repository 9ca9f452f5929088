import { REDACTED, redactSecrets } from './log-redaction';

describe('log redaction', () => {
  it('blanks credential fields at any depth and keeps the rest', () => {
    const entry = {
      headers: { authorization: 'Bearer mpb_abc', cookie: 'mpb_session=x', 'x-request-id': 'r1' },
      key: 'mpb_secretvalue',
      apiKey: 'k',
      EVENTBRIDGE_WEBHOOK_SECRET: 's',
      partners: [{ name: 'Globex', key: 'mpb_other' }],
      idempotencyKey: 'demo-usage-1',
    };
    const redacted = redactSecrets(entry) as typeof entry;
    expect(redacted.headers).toEqual({ authorization: REDACTED, cookie: REDACTED, 'x-request-id': 'r1' });
    expect([redacted.key, redacted.apiKey, redacted.EVENTBRIDGE_WEBHOOK_SECRET, redacted.partners[0].key]).toEqual([
      REDACTED,
      REDACTED,
      REDACTED,
      REDACTED,
    ]);
    expect([redacted.partners[0].name, redacted.idempotencyKey]).toEqual(['Globex', 'demo-usage-1']);
  });

  it('blanks bearer credentials and API keys written into a message', () => {
    expect(redactSecrets('GET /v1/partners authorization: Bearer mpb_AbC-123_x failed')).toBe(
      'GET /v1/partners authorization: Bearer [redacted] failed',
    );
    expect(redactSecrets('partner sign-in key: mpb_AbC-123_x')).toBe('partner sign-in key: mpb_[redacted]');
  });
});
