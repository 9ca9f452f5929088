import { uuid } from '../../core/random-id.generator';
import { AwsServiceError } from '../protocol/aws-service.error';
import type { Agreement } from './agreement.types';

export const SEARCH_PAGE_SIZE = 50;
/** Filters that pick the agreements' subject; the API takes at most one of them per search. */
const SUBJECT_FILTERS = ['OfferId', 'AcceptorAccountId', 'ResourceIdentifier', 'ResourceType', 'OfferSetId'];
const OTHER_FILTERS = ['AgreementType', 'PartyType', 'Status', 'BeforeEndTime', 'AfterEndTime'];

interface Filter {
  name?: string;
  values?: string[];
}

/**
 * SearchAgreements' rules: catalog AWSMarketplace, an AgreementType filter
 * (PurchaseAgreement), at most one subject filter, Status and end-time
 * filters on top, up to 50 results a page with an opaque nextToken.
 */
export function searchAgreements(all: Agreement[], input: Record<string, unknown>): { items: Agreement[]; nextToken?: string } {
  if (input.catalog !== undefined && input.catalog !== 'AWSMarketplace') invalid('INVALID_CATALOG', 'catalog must be AWSMarketplace');
  const filters = (Array.isArray(input.filters) ? input.filters : []) as Filter[];
  const byName = new Map<string, string[]>();
  for (const f of filters) {
    if (!f.name || ![...SUBJECT_FILTERS, ...OTHER_FILTERS].includes(f.name)) invalid('INVALID_FILTER_NAME', `Unsupported filter ${f.name}`);
    if (!Array.isArray(f.values) || f.values.length === 0) invalid('INVALID_FILTER_VALUES', `Filter ${f.name} needs values`);
    byName.set(f.name, f.values);
  }
  const agreementType = byName.get('AgreementType');
  if (!agreementType || agreementType.some((v) => v !== 'PurchaseAgreement')) {
    invalid('INVALID_FILTERS', 'An AgreementType filter with value PurchaseAgreement is required');
  }
  if (byName.get('PartyType')?.some((v) => v !== 'Proposer')) invalid('INVALID_PARTY_TYPE', 'PartyType must be Proposer');
  if (SUBJECT_FILTERS.filter((n) => byName.has(n)).length > 1) {
    invalid('INVALID_FILTERS', `Combine at most one of ${SUBJECT_FILTERS.join(', ')}`);
  }
  const maxResults = input.maxResults === undefined ? SEARCH_PAGE_SIZE : Number(input.maxResults);
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > SEARCH_PAGE_SIZE) {
    invalid('INVALID_MAX_RESULTS', `maxResults must be between 1 and ${SEARCH_PAGE_SIZE}`);
  }

  const before = byName.get('BeforeEndTime')?.[0];
  const after = byName.get('AfterEndTime')?.[0];
  const matches = all.filter(
    (a) =>
      has(byName, 'OfferId', a.offerId) &&
      has(byName, 'AcceptorAccountId', a.acceptorAccountId) &&
      has(byName, 'ResourceIdentifier', a.productId) &&
      has(byName, 'ResourceType', 'SaaSProduct') &&
      has(byName, 'Status', a.status) &&
      (!before || a.endTime.getTime() < Date.parse(before)) &&
      (!after || a.endTime.getTime() > Date.parse(after)),
  );
  const sort = input.sort as { sortBy?: string; sortOrder?: string } | undefined;
  if (sort?.sortBy === 'EndTime') {
    const dir = sort.sortOrder === 'DESCENDING' ? -1 : 1;
    matches.sort((x, y) => dir * (x.endTime.getTime() - y.endTime.getTime()));
  }
  const offset = decodeToken(input.nextToken);
  const items = matches.slice(offset, offset + maxResults);
  const next = offset + maxResults;
  return { items, nextToken: next < matches.length ? Buffer.from(JSON.stringify({ offset: next })).toString('base64') : undefined };
}

function has(byName: Map<string, string[]>, name: string, value: string): boolean {
  const values = byName.get(name);
  return !values || values.includes(value);
}

function decodeToken(token: unknown): number {
  if (token === undefined || token === null || token === '') return 0;
  try {
    const offset = (JSON.parse(Buffer.from(String(token), 'base64').toString('utf8')) as { offset: unknown }).offset;
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // fall through to the validation error below
  }
  return invalid('INVALID_NEXT_TOKEN', 'Invalid nextToken');
}

function invalid(reason: string, message: string): never {
  throw new AwsServiceError('ValidationException', message, 400, { requestId: uuid(), reason });
}
