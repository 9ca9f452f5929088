import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { documented } from '../fixtures/aws/documented-message';
import { awsClientConfig, startSandbox, type Sandbox } from './sandbox-harness';

const BUCKET = 'sandbox-seller-data-feeds';
const SELLER = '123456789012';

/** The element names of an XML document, in order (what the documented shape fixes). */
const elementNames = (xml: string) => [...xml.matchAll(/<([A-Za-z]+)[\s>/]/g)].map((m) => m[1]);

/**
 * The sandbox's seller data-feed bucket over the S3 API, held to the API
 * reference (test/fixtures/aws/s3/) and read with the AWS SDK's own S3 client:
 * the billing event feed of the sandbox's invoices and disbursements,
 * appended to the month's object, never rewritten.
 */
describe('sandbox: the seller data-feed bucket (S3 ListObjectsV2, ranged GetObject)', () => {
  let sandbox: Sandbox;
  let s3: S3Client;

  beforeAll(async () => {
    sandbox = await startSandbox();
    s3 = new S3Client({ ...awsClientConfig(`${sandbox.url}/s3`), forcePathStyle: true });
  });
  afterAll(async () => {
    s3.destroy();
    await sandbox.stop();
  });
  beforeEach(() => sandbox.control('POST', '/_sandbox/reset'));

  async function invoicedAgreement(buyer: string, value: string) {
    const accepted = await sandbox.control<{ agreementId: string }>('POST', '/_sandbox/aws/agreements', {
      offerId: `offer-${buyer}`,
      acceptorAccountId: buyer,
      proposerAccountId: SELLER,
      manufacturerAccountId: SELLER,
      productId: 'prod-analytics',
      agreementValue: value,
    });
    const invoiced = await sandbox.control<{ key: string }>('POST', '/_sandbox/aws/billing/invoices', {
      agreementId: accepted.body.agreementId,
    });
    expect(invoiced.status).toBe(201);
    return invoiced.body.key;
  }
  const bytesOf = async (key: string, range?: string) => {
    const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key, Range: range }));
    return { object, text: await object.Body!.transformToString() };
  };

  it('lists the month objects as ListObjectsV2 documents it, page by page', async () => {
    const key = await invoicedAgreement('444455556666', '12000.00');
    await sandbox.control('POST', '/_sandbox/aws/billing/objects/replace', {
      key: 'billing_event_v1/year=2010/month=01/data.csv',
      content: 'h\n',
    });

    const raw = await (await fetch(`${sandbox.url}/s3/${BUCKET}?list-type=2&prefix=billing_event_v1/&max-keys=1`)).text();
    const { message } = documented<{ firstPage: string }>('s3/list-objects-v2.json');
    // The documented truncated first page, element for element, down to its first <Contents> (it has two, ours one: max-keys=1).
    expect(elementNames(raw)).toEqual(elementNames(message.firstPage).slice(0, 13));

    const first = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'billing_event_v1/', MaxKeys: 1 }));
    expect(first).toMatchObject({
      IsTruncated: true,
      KeyCount: 1,
      Contents: [{ Key: 'billing_event_v1/year=2010/month=01/data.csv', Size: 2 }],
    });
    const rest = await s3.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'billing_event_v1/', MaxKeys: 1, ContinuationToken: first.NextContinuationToken }),
    );
    expect(rest).toMatchObject({ IsTruncated: false, KeyCount: 1, Contents: [{ Key: key }] });
    expect(rest.Contents?.[0].ETag).toMatch(/^"[0-9a-f]{32}"$/);
  });

  it('appends the next events to the same object without touching the bytes already there, and serves any range of it', async () => {
    const key = await invoicedAgreement('444455556666', '12000.00');
    const before = (await bytesOf(key)).text;
    expect(before.split('\n')[0]).toBe(
      'billing_event_id,from_account_id,to_account_id,end_user_account_id,product_id,action,transaction_type,parent_billing_event_id,disbursement_billing_event_id,amount,currency,balance_impacting,invoice_date,payment_due_date,usage_period_start_date,usage_period_end_date,invoice_id,transaction_reference_id,bank_trace_id,agreement_id',
    );
    // The seller's share positive, AWS's listing fee negative (3% of a private offer under $1M).
    expect(before).toMatch(/,INVOICED,SELLER_REV_SHARE,,,12000\.00,USD,1,/);
    expect(before).toMatch(/,INVOICED,AWS_REV_SHARE,,,-360\.00,USD,1,/);

    expect((await sandbox.control('POST', '/_sandbox/aws/billing/disbursements', {})).status).toBe(201);
    const { object, text: after } = await bytesOf(key);
    expect(after.startsWith(before)).toBe(true);
    // The disbursed rows negate what they pay; the lump sum is positive.
    expect(after.slice(before.length)).toMatch(/,DISBURSED,SELLER_REV_SHARE,be-[^,]+,be-[^,]+,-12000\.00,/);
    expect(after.slice(before.length)).toMatch(/,DISBURSED,AWS_REV_SHARE,be-[^,]+,be-[^,]+,360\.00,/);
    expect(after.slice(before.length)).toMatch(/,DISBURSED,DISBURSEMENT,,,11640\.00,USD,1,/);

    const size = Buffer.byteLength(after);
    const ranged = await bytesOf(key, `bytes=${Buffer.byteLength(before)}-`);
    expect(ranged.text).toBe(after.slice(before.length));
    expect(ranged.object).toMatchObject({ ContentRange: `bytes ${Buffer.byteLength(before)}-${size - 1}/${size}`, ETag: object.ETag });
    expect((await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }))).ContentLength).toBe(size);
  });

  it('answers 416 InvalidRange for a range that starts at or past the end, and NoSuchKey for an unknown object', async () => {
    const key = await invoicedAgreement('444455556666', '12000.00');
    const size = Buffer.byteLength((await bytesOf(key)).text);
    const past = await fetch(`${sandbox.url}/s3/${BUCKET}/${key}`, { headers: { range: `bytes=${size}-` } });
    expect(past.status).toBe(416);
    expect(await past.text()).toContain('<Code>InvalidRange</Code>');
    await expect(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'billing_event_v1/none.csv' }))).rejects.toMatchObject({
      name: 'NoSuchKey',
    });
  });
});
