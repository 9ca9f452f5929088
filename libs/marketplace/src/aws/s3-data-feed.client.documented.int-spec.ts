import nock from 'nock';
import { testConfig } from '@bridge/testing';
import { documented } from '../../../../test/fixtures/aws/documented-message';
import { S3DataFeedClient } from './s3-data-feed.client';

const ENDPOINT = 'https://s3.feeds.aws.test';
const BUCKET = 'bridge-seller-data-feeds';
const listing = () => documented<{ firstPage: string; lastPage: string }>('s3/list-objects-v2.json').message;

interface RangedGet {
  partial: { status: number; headers: Record<string, string> };
  notSatisfiable: { status: number; body: string };
}

/**
 * ListObjectsV2 and a ranged GetObject as the S3 API reference documents them
 * (test/fixtures/aws/s3/ names the pages), read by the product's data-feed
 * client over the AWS SDK against an S3-compatible endpoint, path-style.
 */
describe('the seller data-feed bucket as S3 documents it, read by S3DataFeedClient', () => {
  let client: S3DataFeedClient;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    client = new S3DataFeedClient(
      await testConfig({
        MARKETPLACE_TARGET: 'cloud',
        AWS_DATA_FEED_BUCKET: BUCKET,
        AWS_DATA_FEED_PREFIX: 'marketplace/',
        AWS_DATA_FEED_ENDPOINT_URL: ENDPOINT,
      }),
    );
  });
  afterEach(() => nock.cleanAll());
  afterAll(() => {
    client.onModuleDestroy();
    nock.cleanAll();
    nock.enableNetConnect();
    // Take nock off the shared http module, so that the next suite in this worker starts clean.
    nock.restore();
  });

  it('lists every object under the prefix, following NextContinuationToken', async () => {
    nock(ENDPOINT)
      .get(`/${BUCKET}/`)
      .query((q) => q['list-type'] === '2' && q.prefix === 'marketplace/billing_event_v1/' && q['continuation-token'] === undefined)
      .reply(200, listing().firstPage, { 'content-type': 'application/xml' })
      .get(`/${BUCKET}/`)
      .query((q) => q['list-type'] === '2' && q['continuation-token'] === '1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=')
      .reply(200, listing().lastPage, { 'content-type': 'application/xml' });

    const objects = await client.list('marketplace/billing_event_v1/');

    expect(objects).toEqual([
      { key: 'marketplace/billing_event_v1/year=2010/month=01/data.csv', size: 329, etag: '"70ee1738b6b21e2c8a43f3a5ab0eee71"' },
      { key: 'marketplace/billing_event_v1/year=2026/month=10/data.csv', size: 1504, etag: '"fba9dede5f27731c9771645a39863328"' },
      { key: 'marketplace/billing_event_v1/year=2026/month=11/data.csv', size: 778, etag: '"b13f87dd03c70083eb3e98ca37372361"' },
    ]);
    expect(nock.isDone()).toBe(true);
  });

  it('reads an object from a byte on with a Range request, and learns its whole length from Content-Range', async () => {
    const { message } = documented<RangedGet>('s3/get-object-range.json');
    const body = 'x'.repeat(448) + '\n';
    const scope = nock(ENDPOINT)
      .get(`/${BUCKET}/marketplace/billing_event_v1/year%3D2026/month%3D11/data.csv`)
      .query(true)
      .matchHeader('range', 'bytes=329-777')
      .reply(message.partial.status, body, message.partial.headers);

    const read = await client.read('marketplace/billing_event_v1/year=2026/month=11/data.csv', 329, 778);

    expect(scope.isDone()).toBe(true);
    expect(read).toMatchObject({ etag: '"b13f87dd03c70083eb3e98ca37372361"', start: 329, objectSize: 778 });
    const chunks: Buffer[] = [];
    for await (const chunk of read!.body) chunks.push(Buffer.from(chunk as Uint8Array));
    expect(Buffer.concat(chunks).toString()).toBe(body);
  });

  it('answers null when the range starts at or past the end of the object (416 InvalidRange): it shrank', async () => {
    const { message } = documented<RangedGet>('s3/get-object-range.json');
    nock(ENDPOINT)
      .get(`/${BUCKET}/marketplace/billing_event_v1/year%3D2026/month%3D11/data.csv`)
      .query(true)
      .reply(message.notSatisfiable.status, message.notSatisfiable.body, { 'content-type': 'application/xml' });

    expect(await client.read('marketplace/billing_event_v1/year=2026/month=11/data.csv', 778, 900)).toBeNull();
  });
});
