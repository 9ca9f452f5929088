import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { FaultInjector } from '../../faults/fault-injector.service';
import { azureError, checkAzureRequest, type AzureApiRules } from '../azure-request.guard';
import { EntraTokenStore, GRAPH_RESOURCE_ID } from '../entra/entra-token.store';
import { PrivateOfferConfigureService } from './private-offer-configure.service';
import { presentJob, presentPrivateOffer } from './private-offer.presenter';
import { AzureSubscriptionStore } from '../fulfillment/azure-subscription.store';
import { ProductIngestionStore } from './product-ingestion.store';
import { presentProduct, presentResourceTree } from './resource-tree.presenter';

const BASE = 'rp/product-ingestion';
/** Graph tokens; the pages document 401 for a bad one; configure takes $version=2022-07-01, private-offer reads 2023-07-15. */
const rules = (versions: string[]): AzureApiRules => ({
  resource: GRAPH_RESOURCE_ID,
  versionParam: '$version',
  versions,
  refusedStatus: 401,
});
const CONFIGURE = rules(['2022-07-01']);
const READ = rules(['2022-07-01', '2023-07-15']);
const PRODUCT_READ = rules(['2022-03-01-preview2', '2022-03-01-preview3', '2022-03-01-preview5']);

/** The Product Ingestion API's private-offer operations (Microsoft Graph, /rp/product-ingestion). */
@Controller(BASE)
export class ProductIngestionController {
  constructor(
    private readonly configureService: PrivateOfferConfigureService,
    private readonly store: ProductIngestionStore,
    private readonly offers: AzureSubscriptionStore,
    private readonly faults: FaultInjector,
    private readonly tokens: EntraTokenStore,
  ) {}

  @Post('configure')
  @HttpCode(202)
  async configure(@Req() req: Request, @Body() body: unknown) {
    await checkAzureRequest(req, 'azure.configure', this.faults, this.tokens, CONFIGURE);
    const job = this.configureService.configure(body);
    if (this.faults.take('azure.configure', ['lose-answer'])) throw azureError(500, 'InternalServerError', 'Injected fault: answer lost');
    return presentJob(job, this.baseUrl(req));
  }

  @Get('configure/:jobId/status')
  async status(@Req() req: Request, @Param('jobId') jobId: string) {
    await checkAzureRequest(req, 'azure.configureStatus', this.faults, this.tokens, CONFIGURE);
    return presentJob(this.configureService.poll(jobId), this.baseUrl(req));
  }

  /** The job's detail: the private offer it made or changed. */
  @Get('configure/:jobId')
  async jobDetail(@Req() req: Request, @Param('jobId') jobId: string) {
    await checkAzureRequest(req, 'azure.configureDetail', this.faults, this.tokens, READ);
    const job = this.store.job(jobId);
    const offer = job?.jobResult === 'succeeded' && job.privateOfferId ? this.store.offer(job.privateOfferId) : undefined;
    if (!offer) throw azureError(404, 'NotFound', `no completed job ${jobId} with a private offer`);
    return presentPrivateOffer(offer);
  }

  /** "Retrieve private offers": every private offer of the account; the page shows no answer, so it is a `value` list like its others. */
  @Get('private-offer/query')
  async queryPrivateOffers(@Req() req: Request) {
    await checkAzureRequest(req, 'azure.privateOfferQuery', this.faults, this.tokens, READ);
    return { value: this.store.allOffers().map(presentPrivateOffer) };
  }

  @Get('private-offer/:id')
  async privateOffer(@Req() req: Request, @Param('id') id: string) {
    await checkAzureRequest(req, 'azure.privateOffer', this.faults, this.tokens, READ);
    const offer = this.store.offer(`private-offer/${id}`);
    if (!offer) throw azureError(404, 'NotFound', `no private offer ${id}`);
    return presentPrivateOffer(offer);
  }

  /** Method 3 of the page: products by external id (the offer id); query results come as `value`. */
  @Get('product')
  async products(@Req() req: Request, @Query('externalID') externalId?: string) {
    await checkAzureRequest(req, 'azure.product', this.faults, this.tokens, PRODUCT_READ);
    const offer = externalId ? this.offers.offer(externalId) : undefined;
    return { value: offer ? [presentProduct(offer)] : [] };
  }

  @Get('resource-tree/product/:id')
  async resourceTree(@Req() req: Request, @Param('id') id: string) {
    await checkAzureRequest(req, 'azure.resourceTree', this.faults, this.tokens, PRODUCT_READ);
    const offer = this.offers.allOffers().find((o) => o.durableId === `product/${id}`);
    if (!offer) throw azureError(404, 'NotFound', `no product ${id}`);
    return presentResourceTree(offer);
  }

  private baseUrl(req: Request): string {
    return `${req.protocol}://${req.get('host') ?? '127.0.0.1'}/${BASE}`;
  }
}
