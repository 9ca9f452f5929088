import { randomUUID } from 'node:crypto';
import { attributionJobs } from './attribution.jobs';

describe('agreement.recredit job contract', () => {
  const recredit = attributionJobs['agreement.recredit'];

  it('keeps one job per settlement request, so a redelivered request runs once', () => {
    const data = recredit.schema.parse({ recreditId: randomUUID(), agreementId: randomUUID(), reason: 'settled 60/40' });
    expect(recredit.jobId(data)).toBe(`agreement-recredit-${data.recreditId}`);
  });

  it('still accepts a job queued before settlements had an outbox (no request id), so an upgrade does not fail it', () => {
    const agreementId = randomUUID();
    const data = recredit.schema.parse({ agreementId, reason: 'settled before the upgrade' });
    expect(data.recreditId).toBeUndefined();
    expect(recredit.jobId(data)).toBe(`agreement-recredit-${agreementId}-unrequested`);
  });
});
