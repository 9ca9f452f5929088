import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { findPage, listOrder, pageQueryFields } from '@bridge/pagination';
import { Paginated } from '../http/paginated.decorator';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { JobProducer } from '@bridge/queues';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiError } from '../http/api-error';
import { openApiSchema } from '../http/request-schemas';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { decimalPrice, uuidParam } from '../offers/offer.schemas';
import { ListingRepository } from './listing.repository';
import { azureListingSchema, azureOfferIdParam, type AzureListingInput } from './azure-listing.schemas';
import { Responds } from '../http/responds.decorator';
import { listingView, listingsPage, syncQueuedView, type ListingView } from './listing.schemas';

const idPipe = new ZodValidationPipe(uuidParam, 'id');
const syncSchema = z.object({ full: z.boolean().default(false), cloud: z.enum(['AWS', 'AZURE']).default('AWS') }).strict();
const editSchema = z
  .object({
    title: z.string().trim().min(1).max(200).optional(),
    dimensions: z
      .array(
        z
          .object({
            key: z.string().min(1),
            name: z.string().trim().min(1).max(100).optional(),
            unit: z.string().trim().min(1).max(50).optional(),
            price: decimalPrice.optional(),
          })
          .strict(),
      )
      .max(50)
      .optional(),
    reason: z.string().trim().min(1).max(500).optional(),
  })
  .strict();

const commitEligibilitySchema = z
  .object({
    /** SaaS "Deployed on AWS": retires an AWS EDP/PPA. */
    deployedOnAws: z.boolean().optional(),
    /** Azure benefit eligible: retires a MACC. */
    azureBenefitEligible: z.boolean().optional(),
    /** Retires a Google Cloud commit. */
    gcpCommitEligible: z.boolean().optional(),
    /** From when spend counts (never retroactively); null: since always. */
    commitEligibleSince: z.coerce.date().nullable().optional(),
    reason: z.string().trim().min(1).max(500),
  })
  .strict()
  .refine((b) => Object.keys(b).some((k) => k !== 'reason'), { path: ['(body)'], message: 'set at least one eligibility field' });

type Listing = NonNullable<Awaited<ReturnType<ListingRepository['find']>>>;

function present(l: Listing) {
  return {
    id: l.id,
    cloud: l.cloud,
    productId: l.productId,
    productCode: l.productCode,
    title: l.title,
    azureBenefitEligible: l.azureBenefitEligible,
    commitEligibleSince: l.commitEligibleSince?.toISOString() ?? null,
    commitEligibility: {
      deployedOnAws: l.deployedOnAws,
      azureBenefitEligible: l.azureBenefitEligible,
      gcpCommitEligible: l.gcpCommitEligible,
      commitEligibleSince: l.commitEligibleSince?.toISOString() ?? null,
    },
    dimensions: l.dimensions.map((d) => ({
      key: d.key,
      name: d.name,
      unit: d.unit,
      price: d.unitPrice.toFixed(),
      currency: d.currency.trim(),
    })),
    sync: l.catalogState
      ? {
          syncedAt: l.catalogState.syncedAt.toISOString(),
          marketplaceModifiedAt: l.catalogState.marketplaceModifiedAt,
          drift: l.catalogState.drift,
          driftDetectedAt: l.catalogState.driftDetectedAt?.toISOString() ?? null,
        }
      : null,
  };
}

const LISTINGS_ORDER = listOrder('listings', [
  { field: 'title', direction: 'asc', type: 'string' },
  { field: 'id', direction: 'asc', type: 'uuid' },
]);
const listListingsQuery = z.object({ ...pageQueryFields(LISTINGS_ORDER), cloud: z.enum(['AWS', 'AZURE', 'GCP']).optional() }).strict();

/** Listings as imported from each catalog, their drift, and edits pushed back. */
@ApiTags('listings')
@ApiBearerAuth()
@Controller('v1/listings')
export class ListingsController {
  constructor(
    private readonly listings: ListingRepository,
    private readonly jobs: JobProducer,
  ) {}

  @Get()
  @Paginated('listings', 'title, then id')
  @Responds(200, listingsPage, 'A page of listings')
  async list(
    @Query(new ZodValidationPipe(listListingsQuery, 'query')) query: z.infer<typeof listListingsQuery>,
  ): Promise<z.output<typeof listingsPage>> {
    const { rows, page } = await findPage(LISTINGS_ORDER, query, (args) => this.listings.list({ cloud: query.cloud }, args));
    return { listings: rows.map(present), page };
  }

  @Get(':id')
  @Responds(200, listingView, 'The listing')
  async get(@Param('id', idPipe) id: string): Promise<ListingView> {
    const listing = await this.listings.find(id);
    if (!listing) throw ApiError.notFound(`listing ${id}`);
    return present(listing);
  }

  /** Runs the catalog import now (it also runs on a schedule). */
  @Post('sync')
  @HttpCode(202)
  @Roles('ALLIANCE')
  @ApiBody({ schema: openApiSchema(syncSchema), required: false })
  @Responds(202, syncQueuedView, 'The catalog import is queued')
  async sync(@Body(new ZodValidationPipe(syncSchema)) body: z.infer<typeof syncSchema>): Promise<z.output<typeof syncQueuedView>> {
    await this.jobs.enqueue('listing.sync', { cloud: body.cloud, full: body.full });
    return { accepted: true, full: body.full };
  }

  /**
   * Records an Azure SaaS offer: its plans and their prices (which an Azure
   * agreement is valued at) and whether it is "Azure benefit eligible" (its
   * purchases retire the buyer's MACC), and since when. 201 when new.
   */
  @Put('azure/:offerId')
  @Roles('ALLIANCE')
  @ApiBody({ schema: openApiSchema(azureListingSchema) })
  @Responds(200, listingView, 'The offer, updated')
  @Responds(201, listingView, 'The offer, recorded')
  async putAzure(
    @CurrentPrincipal() principal: Principal,
    @Param('offerId', new ZodValidationPipe(azureOfferIdParam, 'offerId')) offerId: string,
    @Body(new ZodValidationPipe(azureListingSchema)) body: AzureListingInput,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ListingView> {
    const { id, created } = await this.listings.putAzure(offerId, body, principal.actor);
    res.status(created ? 201 : 200);
    return present((await this.listings.find(id))!);
  }

  /** Edits the product's record and pushes it to the catalog as a change set. */
  @Patch(':id')
  @Roles('ALLIANCE')
  @ApiBody({ schema: openApiSchema(editSchema) })
  @Responds(200, listingView, 'The listing, edited (the change set to the catalog is queued)')
  async edit(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(editSchema)) body: z.infer<typeof editSchema>,
  ): Promise<ListingView> {
    const listing = await this.listings.find(id);
    if (!listing) throw ApiError.notFound(`listing ${id}`);
    const unknown = (body.dimensions ?? []).map((d, i) => ({ d, i })).filter(({ d }) => !listing.dimensions.some((x) => x.key === d.key));
    if (unknown.length) {
      const details = unknown.map(({ d, i }) => ({
        field: `dimensions.${i}.key`,
        reason: `"${d.key}" is not a dimension of this listing`,
      }));
      throw ApiError.invalid(details);
    }
    const { reason, ...edit } = body;
    await this.listings.edit(id, edit, principal.actor, reason ?? null);
    await this.jobs.enqueue('listing.push', { listingId: id, actor: principal.actor });
    return present((await this.listings.find(id))!);
  }

  /** Sets which cloud commitments the listing's spend retires (audited); purchases credited from then on follow it. */
  @Put(':id/commit-eligibility')
  @Roles('ALLIANCE')
  @ApiBody({ schema: openApiSchema(commitEligibilitySchema) })
  @Responds(200, listingView, 'The listing, with its commit eligibility')
  async setCommitEligibility(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(commitEligibilitySchema)) body: z.infer<typeof commitEligibilitySchema>,
  ): Promise<ListingView> {
    if (!(await this.listings.find(id))) throw ApiError.notFound(`listing ${id}`);
    const { reason, ...eligibility } = body;
    await this.listings.setCommitEligibility(id, eligibility, principal.actor, reason);
    return present((await this.listings.find(id))!);
  }
}
