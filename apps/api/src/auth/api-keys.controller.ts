import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { ApiError } from '../http/api-error';
import { Roles } from './auth.decorators';
import { ApiKeyService } from './api-key.service';

const issueKeySchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    role: z.enum(['ADMIN', 'ALLIANCE', 'FINANCE', 'PARTNER', 'READ_ONLY']),
    partnerId: z.string().uuid().optional(),
  })
  .strict()
  .refine((v) => (v.role === 'PARTNER') === (v.partnerId !== undefined), {
    path: ['partnerId'],
    message: 'required for the PARTNER role, and only for it',
  });

@ApiTags('api keys')
@ApiBearerAuth()
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeyService) {}

  /** The key is in this answer only; it is stored hashed. */
  @Post()
  @HttpCode(201)
  @Roles('ADMIN')
  @ApiBody({ schema: z.toJSONSchema(issueKeySchema, { unrepresentable: 'any' }) as object })
  async issue(@Body(new ZodValidationPipe(issueKeySchema)) body: z.infer<typeof issueKeySchema>) {
    try {
      return await this.keys.issue({ name: body.name, role: body.role, partnerId: body.partnerId ?? null });
    } catch (error) {
      if ((error as { code?: string }).code === 'P2003') throw ApiError.notFound(`partner ${body.partnerId}`);
      throw error;
    }
  }
}
