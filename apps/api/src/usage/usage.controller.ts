import { openApiSchema } from '../http/request-schemas';
import { Inject, Body, Controller, Get, HttpCode, Logger, Param, Post, Query } from '@nestjs/common';
import { Paginated } from '../http/paginated.decorator';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { METERING_CLOCK, type MeteringClock } from '@bridge/marketplace';
import { JobProducer } from '@bridge/queues';
import { Roles } from '../auth/auth.decorators';
import { ROLES_FOR } from '../auth/role-table';
import { ApiError } from '../http/api-error';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { UsageIngestService } from './usage-ingest.service';
import { awsCustomerRef, UsageSubscriptionRepository } from './usage-subscription.repository';
import { UsageViewService } from './usage-view.service';
import {
  postUsageSchema,
  registerSubscriptionSchema,
  usageAlertsQuerySchema,
  usageHoursQuerySchema,
  usageRecordSchema,
  usageSummaryQuerySchema,
  uuidParam,
  type PostUsageInput,
  type RegisterSubscriptionInput,
  type UsageAlertsQuery,
  type UsageHoursQuery,
  type UsageSummaryQuery,
  ingestAnswerView,
  subscriptionView,
  usageAlertsPage,
  usageHoursPage,
  usageSummaryView,
  type SubscriptionView,
} from './usage.schemas';
import { Responds } from '../http/responds.decorator';

/**
 * Usage in (the ISV's application), metered subscriptions (who usage is
 * billed to), and what became of the usage (finance and the ISV).
 */
@ApiTags('usage metering')
@ApiBearerAuth()
@Controller('v1/usage')
export class UsageController {
  private readonly logger = new Logger(UsageController.name);

  constructor(
    private readonly ingestion: UsageIngestService,
    private readonly subscriptions: UsageSubscriptionRepository,
    private readonly views: UsageViewService,
    @Inject(METERING_CLOCK) private readonly clock: MeteringClock,
    private readonly jobs: JobProducer,
  ) {}

  /** Up to 10,000 records; a per-record answer; accepted records are stored before the answer. */
  @Post()
  @HttpCode(200)
  @Roles('ALLIANCE')
  @ApiBody({
    schema: { type: 'object', properties: { records: { type: 'array', maxItems: 10_000, items: openApiSchema(usageRecordSchema) } } },
  })
  @Responds(200, ingestAnswerView, 'The fate of each record; accepted records are stored')
  ingest(@Body(new ZodValidationPipe(postUsageSchema)) body: PostUsageInput): Promise<z.output<typeof ingestAnswerView>> {
    return this.ingestion.ingest(body.records);
  }

  @Post('subscriptions')
  @Roles('ALLIANCE')
  @ApiBody({ schema: openApiSchema(registerSubscriptionSchema) })
  @Responds(201, subscriptionView, 'The metered subscription')
  async register(@Body(new ZodValidationPipe(registerSubscriptionSchema)) body: RegisterSubscriptionInput): Promise<SubscriptionView> {
    const customerRef =
      body.cloud === 'AWS' ? awsCustomerRef(body.customerAwsAccountId ?? '', body.licenseArn ?? '') : (body.azureResourceId ?? '');
    const startedAt = body.startedAt ? new Date(body.startedAt) : await this.clock.now();
    return presentSubscription(await this.subscriptions.register(body, customerRef, startedAt));
  }

  @Get('subscriptions/:id')
  @Roles('ALLIANCE', 'FINANCE', 'READ_ONLY')
  @Responds(200, subscriptionView, 'The metered subscription')
  async subscription(@Param('id', new ZodValidationPipe(uuidParam, 'id')) id: string): Promise<SubscriptionView> {
    const found = await this.subscriptions.find(id);
    if (!found) throw ApiError.notFound(`metered subscription ${id}`);
    return presentSubscription(found);
  }

  /** The marketplace said unsubscribe-pending: the final usage is sent now, within the hour it leaves. */
  @Post('subscriptions/:id/unsubscribe-pending')
  @HttpCode(202)
  @Roles('ALLIANCE')
  @Responds(202, subscriptionView, 'The subscription, UNSUBSCRIBE_PENDING; its final usage is on its way')
  async unsubscribePending(@Param('id', new ZodValidationPipe(uuidParam, 'id')) id: string): Promise<SubscriptionView> {
    const updated = await this.subscriptions.markUnsubscribePending(id, await this.clock.now());
    if (!updated) throw ApiError.notFound(`metered subscription ${id}`);
    // If the queue is away the tick still flushes it: the status is stored.
    await this.jobs
      .enqueue('metering.flush-subscription', { subscriptionId: id })
      .catch((error: Error) => this.logger.warn(`flush of ${id} left to the tick: ${error.message}`));
    return presentSubscription(updated);
  }

  @Get('hours')
  @Paginated('hours', 'hour descending, then id')
  @Roles(...ROLES_FOR.usage)
  @Responds(200, usageHoursPage, 'A page of usage hours')
  hours(@Query(new ZodValidationPipe(usageHoursQuerySchema, 'query')) query: UsageHoursQuery): Promise<z.output<typeof usageHoursPage>> {
    return this.views.hours(query);
  }

  @Get('summary')
  @Roles(...ROLES_FOR.usage)
  @Responds(200, usageSummaryView, 'Hours, quantity and value per status')
  summary(
    @Query(new ZodValidationPipe(usageSummaryQuerySchema, 'query')) query: UsageSummaryQuery,
  ): Promise<z.output<typeof usageSummaryView>> {
    return this.views.summary(query);
  }

  @Get('alerts')
  @Roles(...ROLES_FOR.usage)
  @Paginated('alerts', 'hour descending, then id')
  @Responds(200, usageAlertsPage, 'A page of hours at risk or refused')
  alerts(
    @Query(new ZodValidationPipe(usageAlertsQuerySchema, 'query')) query: UsageAlertsQuery,
  ): Promise<z.output<typeof usageAlertsPage>> {
    return this.views.alerts(query);
  }
}

function presentSubscription(s: NonNullable<Awaited<ReturnType<UsageSubscriptionRepository['find']>>>) {
  return {
    id: s.id,
    cloud: s.cloud,
    customer: s.customerRef,
    customerAwsAccountId: s.awsAccountId,
    licenseArn: s.licenseArn,
    customerIdentifier: s.customerIdentifier,
    azureResourceId: s.cloud === 'AZURE' ? s.customerRef : null,
    azurePlanId: s.azurePlanId,
    productCode: s.productCode,
    listingId: s.listingId,
    marketplaceAgreementId: s.marketplaceAgreementId,
    reportZeroHours: s.reportZeroHours,
    status: s.status,
    startedAt: s.startedAt.toISOString(),
    endingAt: s.endingAt?.toISOString() ?? null,
    finalFlushAt: s.finalFlushAt?.toISOString() ?? null,
    dimensions: s.dimensions.map((d) => ({ key: d.dimension, unitPrice: d.unitPrice?.toString() ?? null, currency: d.currency })),
  };
}
