import { z } from 'zod';
import { ZodValidationPipe } from './zod-validation.pipe';

/** A zod schema as the OpenAPI document shows it (the request's input shape). */
export const openApiSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as object;

/** Validates a path parameter that must be a UUID, naming it when it is not. */
export const uuidPipe = (name = 'id') => new ZodValidationPipe(z.string().uuid({ message: 'must be a UUID' }), name);
