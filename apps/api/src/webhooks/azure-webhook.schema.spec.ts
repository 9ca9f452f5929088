import { documented } from '../../../../test/fixtures/azure/documented-message';
import { azureWebhookSchema, isKnownAzureAction } from './azure-webhook.schema';

const ACTED_ON = ['change-plan', 'change-quantity', 'renew', 'suspend', 'unsubscribe', 'reinstate'];

/** The webhook bodies of "Implementing a webhook on the SaaS service" (test/fixtures/azure/webhook). */
describe('Azure SaaS webhook bodies, parsed leniently', () => {
  it.each(ACTED_ON)('%s: has the ids to read it back and an action the product acts on', (name) => {
    const parsed = azureWebhookSchema.parse(documented(`webhook/${name}.json`).message);
    expect(isKnownAzureAction(parsed.action)).toBe(true);
    // Fields the product does not name are kept, as Microsoft may add more.
    expect(parsed).toHaveProperty('timeStamp');
  });

  it("the page's reinstate example without an id or action is not understood (and so is parked, not refused)", () => {
    const parsed = azureWebhookSchema.safeParse(documented('webhook/reinstate-operation-type.json').message);
    expect(parsed.success).toBe(false);
  });

  it('an action Microsoft adds later is read, and is not one the product acts on', () => {
    const body = { ...documented('webhook/renew.json').message, action: 'Transfer' };
    const parsed = azureWebhookSchema.parse(body);
    expect(isKnownAzureAction(parsed.action)).toBe(false);
  });
});
