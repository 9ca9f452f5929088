import type { OpenAPIObject } from '@nestjs/swagger';
import { openApiSchema } from './request-schemas';
import { apiErrorSchema } from './response.schemas';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/**
 * Every refusal and failure has one shape (`ApiExceptionFilter`), so the
 * document states it once, as `components.schemas.ApiError`, and points every
 * operation's 4XX and 5XX answers at it. Called on the generated document.
 */
export function withErrorResponses(document: OpenAPIObject): OpenAPIObject {
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ApiError: openApiSchema(apiErrorSchema, 'output') },
  };
  const error = (description: string) => ({
    description,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } },
  });
  for (const path of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = path[method];
      if (!operation) continue;
      operation.responses['4XX'] ??= error(
        'Refused: the request is malformed, unauthenticated, not allowed, of a missing thing, or in conflict with its state; `details` names each field at fault',
      );
      operation.responses['5XX'] ??= error('The API or a dependency failed; nothing about the failure is disclosed');
    }
  }
  return document;
}
