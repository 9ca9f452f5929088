import { ApiResponse } from '@nestjs/swagger';
import type { z } from 'zod';
import { openApiSchema } from './request-schemas';

/**
 * Documents a success answer with its JSON schema: the same zod schema the
 * presenter's return type is inferred from, so the code and the document
 * cannot drift apart.
 */
export const Responds = (status: number, schema: z.ZodType, description: string) =>
  ApiResponse({ status, description, content: { 'application/json': { schema: openApiSchema(schema, 'output') } } });

/** Documents a success answer that is not JSON (CSV, Prometheus text, a file): its content type. */
export const RespondsWith = (status: number, contentType: string, description: string) =>
  ApiResponse({ status, description, content: { [contentType]: { schema: { type: 'string', format: 'binary' } } } });

/** A finance view: JSON by default, one CSV file of the whole view with `?format=csv` or `Accept: text/csv`. */
export const RespondsJsonOrCsv = (schema: z.ZodType, description: string) =>
  ApiResponse({
    status: 200,
    description: `${description} (as JSON, or the whole view as one CSV file with \`?format=csv\` or \`Accept: text/csv\`)`,
    content: {
      'application/json': { schema: openApiSchema(schema, 'output') },
      'text/csv': { schema: { type: 'string', description: 'a header line, then one line per row' } },
    },
  });
