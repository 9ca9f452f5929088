import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { findPage, listOrder, pageQueryFields } from '@bridge/pagination';
import { Paginated } from '../http/paginated.decorator';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiError } from '../http/api-error';
import { openApiSchema, uuidPipe } from '../http/request-schemas';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { API_ROLES, CurrentPrincipal, Roles } from './auth.decorators';
import { ApiKeyService } from './api-key.service';
import type { Principal } from './principal';
import { Responds } from '../http/responds.decorator';
import { apiKeyView, apiKeysPage, issuedKeyView, type ApiKeyView } from './api-key.schemas';

const issueKeySchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    role: z.enum(API_ROLES),
    partnerId: z.string().uuid().optional(),
  })
  .strict()
  .refine((v) => (v.role === 'PARTNER') === (v.partnerId !== undefined), {
    path: ['partnerId'],
    message: 'required for the PARTNER role, and only for it',
  });

type KeyRecord = Awaited<ReturnType<ApiKeyService['list']>>[number];

/** A key as the API shows it: its prefix identifies it, the key itself is never shown again. */
const presentKey = (k: KeyRecord) => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  role: k.role,
  partnerId: k.partnerId,
  createdAt: k.createdAt.toISOString(),
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  revokedAt: k.revokedAt?.toISOString() ?? null,
});

const KEYS_ORDER = listOrder('api-keys', [
  { field: 'createdAt', direction: 'desc', type: 'date' },
  { field: 'id', direction: 'desc', type: 'uuid' },
]);
const listKeysQuery = z
  .object({ ...pageQueryFields(KEYS_ORDER), role: z.enum(API_ROLES).optional(), partnerId: z.string().uuid().optional() })
  .strict();

@ApiTags('api keys')
@ApiBearerAuth()
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeyService) {}

  /** The key is in this answer only; it is stored hashed. */
  @Post()
  @HttpCode(201)
  @Roles('ADMIN')
  @ApiBody({ schema: openApiSchema(issueKeySchema) })
  @Responds(201, issuedKeyView, 'The key, shown in this answer only (it is stored hashed)')
  async issue(
    @Body(new ZodValidationPipe(issueKeySchema)) body: z.infer<typeof issueKeySchema>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<z.output<typeof issuedKeyView>> {
    let issued;
    try {
      issued = await this.keys.issue(principal, { name: body.name, role: body.role, partnerId: body.partnerId ?? null });
    } catch (error) {
      if ((error as { code?: string }).code === 'P2003')
        throw ApiError.field(HttpStatus.NOT_FOUND, 'partnerId', `partner ${body.partnerId} not found`);
      throw error;
    }
    return issued;
  }

  /** Every key with its prefix, role, partner, creation, last use and revocation; never the key. */
  @Get()
  @Roles('ADMIN')
  @Paginated('keys', 'createdAt descending, then id')
  @Responds(200, apiKeysPage, 'A page of keys, never the keys themselves')
  async list(
    @Query(new ZodValidationPipe(listKeysQuery, 'query')) query: z.infer<typeof listKeysQuery>,
  ): Promise<z.output<typeof apiKeysPage>> {
    const { rows, page } = await findPage(KEYS_ORDER, query, (args) =>
      this.keys.list({ role: query.role, partnerId: query.partnerId }, args),
    );
    return { keys: rows.map(presentKey), page };
  }

  /** Revokes a key: its next request gets 401. Revoking twice is harmless. */
  @Delete(':id')
  @Roles('ADMIN')
  @Responds(200, apiKeyView, 'The key, revoked')
  async revoke(@Param('id', uuidPipe()) id: string, @CurrentPrincipal() principal: Principal): Promise<ApiKeyView> {
    const revoked = await this.keys.revoke(principal, id);
    if (!revoked) throw ApiError.notFound(`API key ${id}`);
    return presentKey(revoked);
  }
}
