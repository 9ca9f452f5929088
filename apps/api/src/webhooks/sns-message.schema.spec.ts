import { documented } from '../../../../test/fixtures/aws/documented-message';
import { marketplaceNotificationSchema, snsMessageSchema } from './sns-message.schema';

/** The SNS envelopes and AWS Marketplace messages exactly as documented (test/fixtures/aws/sns/) are read, not refused. */
describe('SNS messages as documented', () => {
  it.each(['notification-envelope', 'subscription-confirmation-envelope'])('reads the documented %s', (name) => {
    const envelope = documented(`sns/${name}.json`).message;
    expect(snsMessageSchema.safeParse(envelope).success).toBe(true);
  });

  it.each(['subscribe-success', 'subscribe-fail', 'unsubscribe-pending', 'unsubscribe-success', 'entitlement-updated'])(
    'reads the documented %s Message',
    (action) => {
      const parsed = marketplaceNotificationSchema.safeParse(documented(`sns/${action}.json`).message);
      expect(parsed.success).toBe(true);
      expect(parsed.data?.action).toBe(action);
    },
  );

  it('takes isFreeTrialTermPresent as the string AWS sends, and refuses a boolean', () => {
    const message = documented<Record<string, unknown>>('sns/subscribe-success.json').message;
    expect(marketplaceNotificationSchema.safeParse(message).data?.isFreeTrialTermPresent).toMatch(/^(true|false)$/);
    expect(marketplaceNotificationSchema.safeParse({ ...message, isFreeTrialTermPresent: true }).success).toBe(false);
  });
});
