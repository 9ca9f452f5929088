import type { BucketObject } from './seller-bucket.store';

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const element = (name: string, value: string | number | boolean | undefined) =>
  value === undefined ? '' : value === '' ? `<${name}/>` : `<${name}>${escapeXml(String(value))}</${name}>`;

export interface ListPage {
  bucket: string;
  prefix: string;
  maxKeys: number;
  continuationToken?: string;
  nextContinuationToken?: string;
  startAfter?: string;
  encodingType?: 'url';
  contents: (BucketObject & { key: string })[];
}

/** S3's URL encoding of a key in a listing asked for with encoding-type=url. */
const urlEncoded = (key: string) => encodeURIComponent(key).replace(/%2F/g, '/');

/**
 * ListObjectsV2's response body, element for element as the API reference
 * shows it (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html;
 * test/fixtures/aws/s3/list-objects-v2*.xml).
 */
export function listBucketResultXml(page: ListPage): string {
  const key = (k: string) => (page.encodingType === 'url' ? urlEncoded(k) : k);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
    element('Name', page.bucket),
    element('Prefix', key(page.prefix)),
    element('StartAfter', page.startAfter === undefined ? undefined : key(page.startAfter)),
    element('ContinuationToken', page.continuationToken),
    element('NextContinuationToken', page.nextContinuationToken),
    element('KeyCount', page.contents.length),
    element('MaxKeys', page.maxKeys),
    element('EncodingType', page.encodingType),
    element('IsTruncated', page.nextContinuationToken !== undefined),
    ...page.contents.map(
      (object) =>
        `<Contents>${element('Key', key(object.key))}${element('LastModified', object.lastModified.toISOString())}${element('ETag', object.etag)}` +
        `${element('Size', object.bytes.length)}${element('StorageClass', 'STANDARD')}</Contents>`,
    ),
    '</ListBucketResult>',
  ].join('');
}

/** S3's error body (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html). */
export function s3ErrorXml(code: string, message: string, requestId: string, extra: Record<string, string> = {}): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<Error>${element('Code', code)}${element('Message', message)}${Object.entries(extra)
      .map(([name, value]) => element(name, value))
      .join('')}${element('RequestId', requestId)}${element('HostId', requestId)}</Error>`
  );
}
