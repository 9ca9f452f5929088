import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { isUniqueViolation } from '@bridge/database';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { partnerScopeOf, type Principal } from '../auth/principal';
import { ApiError } from '../http/api-error';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { HttpStatus } from '@nestjs/common';
import { presentCredits } from './credit.presenter';
import { PartnerRepository } from './partner.repository';
import { createCustomerSchema, createPartnerSchema, uuidParam, type CreateCustomerInput, type CreatePartnerInput } from './partner.schemas';

const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as object;
const idPipe = new ZodValidationPipe(uuidParam, 'id');

@ApiTags('partners and customers')
@ApiBearerAuth()
@Controller('v1')
export class PartnersController {
  constructor(private readonly partners: PartnerRepository) {}

  @Post('partners')
  @Roles('ALLIANCE')
  @ApiBody({ schema: jsonSchema(createPartnerSchema) })
  async createPartner(@Body(new ZodValidationPipe(createPartnerSchema)) body: CreatePartnerInput) {
    return this.partners.createPartner(body).catch(rethrowDuplicateAccount);
  }

  @Get('partners')
  listPartners(@CurrentPrincipal() principal: Principal) {
    return this.partners.listPartners(partnerScopeOf(principal));
  }

  /** A partner asking for another partner's record gets 404: nothing about it leaks. */
  @Get('partners/:id')
  async getPartner(@CurrentPrincipal() principal: Principal, @Param('id', idPipe) id: string) {
    const partner = await this.partners.findPartner(partnerScopeOf(principal), id);
    if (!partner) throw ApiError.notFound(`partner ${id}`);
    return partner;
  }

  @Get('partners/:id/credits')
  async credits(@CurrentPrincipal() principal: Principal, @Param('id', idPipe) id: string) {
    const found = await this.partners.credits(partnerScopeOf(principal), id);
    if (!found) throw ApiError.notFound(`partner ${id}`);
    return presentCredits(id, found.entries, found.totals);
  }

  @Post('customers')
  @Roles('ALLIANCE')
  @ApiBody({ schema: jsonSchema(createCustomerSchema) })
  async createCustomer(@Body(new ZodValidationPipe(createCustomerSchema)) body: CreateCustomerInput) {
    return this.partners.createCustomer(body).catch(rethrowDuplicateAccount);
  }
}

function rethrowDuplicateAccount(error: unknown): never {
  if (isUniqueViolation(error))
    throw new ApiError(HttpStatus.CONFLICT, 'a cloud account is already registered to someone else', [
      { field: 'cloudAccounts', reason: 'account id already registered' },
    ]);
  throw error;
}
