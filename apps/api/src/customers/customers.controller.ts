import { Body, Controller, Get, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { isUniqueViolation } from '@bridge/database';
import { findPage } from '@bridge/pagination';
import { AuditTrail } from '../audit/audit-trail.service';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { partnerScopeOf, type Principal } from '../auth/principal';
import { ApiError } from '../http/api-error';
import { openApiSchema, uuidPipe } from '../http/request-schemas';
import { Paginated } from '../http/paginated.decorator';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { createCustomerSchema, type CreateCustomerInput } from '../partners/partner.schemas';
import { CustomerRepository } from './customer.repository';
import {
  CUSTOMERS_ORDER,
  editCustomerSchema,
  listCustomersQuery,
  type EditCustomerInput,
  type ListCustomersQuery,
  customerView,
  customersPage,
  type CustomerView,
} from './customer.schemas';
import { Responds } from '../http/responds.decorator';
import { type z } from 'zod';

type CustomerRow = NonNullable<Awaited<ReturnType<CustomerRepository['find']>>>;

const present = (c: CustomerRow) => ({
  id: c.id,
  name: c.name,
  strategic: c.strategic,
  cloudAccounts: c.cloudAccounts,
  createdByPartnerId: c.createdByPartnerId,
  createdAt: c.createdAt.toISOString(),
});

/**
 * Customers: staff list, search and correct them; a partner enters a new
 * prospect itself and finds the customers it works with (and, by an exact
 * cloud account id, whether a prospect is already known), so it can register
 * a deal without asking anyone for an id.
 */
@ApiTags('partners and customers')
@ApiBearerAuth()
@Controller('v1/customers')
export class CustomersController {
  constructor(
    private readonly customers: CustomerRepository,
    private readonly audit: AuditTrail,
  ) {}

  /** Staff enter any customer; a partner enters a prospect (never a strategic account: that is sales ops' call). */
  @Post()
  @Roles('ALLIANCE', 'PARTNER')
  @ApiBody({ schema: openApiSchema(createCustomerSchema) })
  @Responds(201, customerView, 'The customer')
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodValidationPipe(createCustomerSchema)) body: CreateCustomerInput,
  ): Promise<CustomerView> {
    const scope = partnerScopeOf(principal);
    if (scope && body.strategic) throw ApiError.field(HttpStatus.BAD_REQUEST, 'strategic', 'only alliance marks a strategic account');
    try {
      return present(
        await this.customers.transaction(async (tx) => {
          const created = await this.customers.create(body, scope, tx);
          await this.audit.record(
            principal,
            'customer.created',
            'customer',
            created.id,
            null,
            { name: created.name, strategic: created.strategic },
            tx,
          );
          return created;
        }),
      );
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const known = await this.customers.byAccount(body.cloudAccounts[0].accountId);
      throw new ApiError(HttpStatus.CONFLICT, 'a cloud account is already registered to a customer', [
        {
          field: 'cloudAccounts',
          reason: `account id already registered${known ? ` (customer ${known.id}: register the deal against it)` : ''}`,
        },
      ]);
    }
  }

  /** Search by part of the name or an exact cloud account id; a partner's search covers its own customers and prospects. */
  @Get()
  @Paginated('customers', 'name, then id')
  @Responds(200, customersPage, 'A page of customers')
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodValidationPipe(listCustomersQuery, 'query')) query: ListCustomersQuery,
  ): Promise<z.output<typeof customersPage>> {
    const scope = partnerScopeOf(principal);
    const { rows, page } = await findPage(CUSTOMERS_ORDER, query, (args) => this.customers.list(scope, query, args));
    // A partner searching for an exact account id it does not yet work with learns the customer's id, no more.
    const known = scope && query.q && rows.length === 0 && !query.cursor ? await this.customers.byAccount(query.q) : null;
    return {
      customers: rows.map(present),
      page,
      ...(known ? { knownAccount: { customerId: known.id, accountId: query.q } } : {}),
    };
  }

  @Get(':id')
  @Responds(200, customerView, 'The customer')
  async get(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe()) id: string): Promise<CustomerView> {
    const customer = await this.customers.find(partnerScopeOf(principal), id);
    if (!customer) throw ApiError.notFound(`customer ${id}`);
    return present(customer);
  }

  /** Corrects the name, the strategic flag or the cloud accounts, with the reason (audited). */
  @Patch(':id')
  @Roles('ALLIANCE')
  @ApiBody({ schema: openApiSchema(editCustomerSchema) })
  @Responds(200, customerView, 'The customer, corrected')
  async edit(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidPipe()) id: string,
    @Body(new ZodValidationPipe(editCustomerSchema)) body: EditCustomerInput,
  ): Promise<CustomerView> {
    const before = await this.customers.find(null, id);
    if (!before) throw ApiError.notFound(`customer ${id}`);
    const missing = body.removeCloudAccounts.findIndex(
      (r) => !before.cloudAccounts.some((a) => a.cloud === r.cloud && a.accountId === r.accountId),
    );
    if (missing >= 0) throw ApiError.field(HttpStatus.BAD_REQUEST, `removeCloudAccounts.${missing}`, 'not an account of this customer');
    if (before.cloudAccounts.length - body.removeCloudAccounts.length + body.addCloudAccounts.length < 1)
      throw ApiError.field(HttpStatus.BAD_REQUEST, 'removeCloudAccounts', 'a customer keeps at least one cloud account');
    try {
      return present(
        await this.customers.transaction(async (tx) => {
          const edited = await this.customers.edit(
            id,
            { name: body.name, strategic: body.strategic, add: body.addCloudAccounts, remove: body.removeCloudAccounts },
            tx,
          );
          await this.audit.record(
            principal,
            'customer.edited',
            'customer',
            id,
            body.reason,
            {
              before: { name: before.name, strategic: before.strategic, cloudAccounts: before.cloudAccounts },
              after: { name: edited.name, strategic: edited.strategic, cloudAccounts: edited.cloudAccounts },
            },
            tx,
          );
          return edited;
        }),
      );
    } catch (error) {
      if (isUniqueViolation(error))
        throw ApiError.field(HttpStatus.CONFLICT, 'addCloudAccounts', 'an account is already registered to a customer');
      throw error;
    }
  }
}
