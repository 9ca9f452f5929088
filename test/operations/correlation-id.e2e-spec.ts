import { eventually, startProductStack, testConfig, type ProductStack } from '@bridge/testing';
import { call } from '../http-client';
import { acceptOffer, createPartner, creditsOf, freshWorld } from '../attribution/attribution-fixtures';

describe('a correlation id follows an event from webhook to credit', () => {
  let stack: ProductStack;
  const lines: Record<string, unknown>[] = [];
  let restore: () => void;

  beforeAll(async () => {
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      for (const line of String(chunk).split('\n')) {
        if (line.startsWith('{')) lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write;
    restore = () => (process.stdout.write = write);
    stack = await startProductStack(await testConfig({ LOG_LEVEL: 'info', LOG_FORMAT: 'json' }));
  });
  afterAll(async () => {
    restore();
    await stack.stop();
  });

  it('logs the credit with the id the webhook call carried, and answers with it', async () => {
    await freshWorld(stack);
    const reseller = await createPartner(stack, 'Northwind Resale', 'RESELLER', '910000000001');
    await call('POST', `${stack.sandboxUrl}/_sandbox/events/config`, { body: { enabled: false } });
    const agreementId = await acceptOffer(stack, {
      buyer: '910000000002',
      proposer: '910000000001',
      resaleAuthorizationId: 'ra-9',
      value: '10.00',
    });
    const events = await call<{ events: { kind: string; body: { detail: { agreement: { id: string } } } }[] }>(
      'GET',
      `${stack.sandboxUrl}/_sandbox/events?channel=eventbridge`,
    );
    const event = events.body.events.find((e) => e.kind.endsWith('Proposer') && e.body.detail.agreement.id === agreementId)!;

    const response = await fetch(`${stack.apiUrl}/webhooks/aws/eventbridge`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-correlation-id': 'trace-4711' },
      body: JSON.stringify(event.body),
    });
    expect(response.status).toBe(202);
    expect(response.headers.get('x-correlation-id')).toBe('trace-4711');
    await eventually(async () => expect((await creditsOf(stack, reseller)).body.entries).toHaveLength(1));
    await call('POST', `${stack.sandboxUrl}/_sandbox/events/config`, { body: { enabled: true } });

    const credited = lines.find((l) => l.correlationId === 'trace-4711' && String(l.message).includes(agreementId));
    expect(credited).toMatchObject({ level: 'info', context: 'AgreementCreditService' });
  });
});
