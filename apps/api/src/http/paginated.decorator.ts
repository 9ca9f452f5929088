import { applyDecorators } from '@nestjs/common';
import { ApiExtension, ApiQuery } from '@nestjs/swagger';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from '@bridge/pagination';

/** How every list pages, as the OpenAPI document's description says it. */
export const PAGINATION_IN_THE_DOCUMENT =
  'Every list is paginated by cursor (operations marked `x-pagination`): `limit` rows per page ' +
  `(default ${DEFAULT_PAGE_LIMIT}, at most ${MAX_PAGE_LIMIT}) in a stable order, and \`page.nextCursor\` to pass as \`cursor\` for the next page ` +
  '(null on the last). A cursor is opaque and keyed on the last row, so rows added while paging neither repeat nor shift what follows; ' +
  'a cursor that is malformed or belongs to another list gets 400 naming `cursor`.';

/**
 * Documents a paginated list in the OpenAPI document: the `limit` and
 * `cursor` query parameters and, in `x-pagination`, the field its rows are in
 * and the order its pages follow. Every list answers `{ <items>: [...],
 * page: { limit, nextCursor } }`; `nextCursor` is null on the last page.
 */
export function Paginated(itemsField: string, order: string) {
  return applyDecorators(
    ApiQuery({
      name: 'limit',
      required: false,
      schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT },
      description: `Rows per page (default ${DEFAULT_PAGE_LIMIT}, at most ${MAX_PAGE_LIMIT}).`,
    }),
    ApiQuery({
      name: 'cursor',
      required: false,
      schema: { type: 'string' },
      description: "The previous page's `page.nextCursor`, as given (opaque). Rows added meanwhile never repeat or shift the pages.",
    }),
    ApiExtension('x-pagination', { itemsField, order, pageField: 'page', nextCursorField: 'page.nextCursor' }),
  );
}
