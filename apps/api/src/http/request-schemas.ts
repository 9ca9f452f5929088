import { z } from 'zod';
import { ZodValidationPipe } from './zod-validation.pipe';

/**
 * A zod schema as the OpenAPI document shows it: a request's input shape, or
 * (`io: 'output'`) a response's. A `Date` in an answer leaves the API as
 * JSON.stringify writes it, an ISO 8601 instant, so that is what the document says; the
 * draft's `$schema` line is dropped because the schema is embedded in the
 * document, whose dialect is OpenAPI 3.1's.
 */
export const openApiSchema = (schema: z.ZodType, io: 'input' | 'output' = 'input') => {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
    unrepresentable: 'any',
    io,
    override: (ctx) => {
      // Outputs only: a request's dates are coerced from more than ISO strings, which the input shape keeps open.
      if (io === 'output' && ctx.zodSchema._zod.def.type === 'date') Object.assign(ctx.jsonSchema, { type: 'string', format: 'date-time' });
    },
  });
  return json as object;
};

/** Validates a path parameter that must be a UUID, naming it when it is not. */
export const uuidPipe = (name = 'id') => new ZodValidationPipe(z.string().uuid({ message: 'must be a UUID' }), name);
