import { Body, Controller, Delete, Get, Headers, HttpCode, Inject, Param, Patch, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { SANDBOX_OPTIONS, type SandboxOptions } from '../../core/sandbox-options';
import { EntraTokenStore } from '../entra/entra-token.store';
import { FaultInjector } from '../../faults/fault-injector.service';
import { AZURE_API_VERSION, azureError, checkAzureRequest } from '../azure-request.guard';
import { AzureSubscriptionStore } from './azure-subscription.store';
import { FulfillmentService } from './fulfillment.service';

/** SaaS Fulfillment API v2, as the publisher's backend calls it. */
@Controller('api/saas/subscriptions')
export class FulfillmentController {
  constructor(
    private readonly fulfillment: FulfillmentService,
    private readonly store: AzureSubscriptionStore,
    private readonly faults: FaultInjector,
    private readonly tokens: EntraTokenStore,
    @Inject(SANDBOX_OPTIONS) private readonly options: SandboxOptions,
  ) {}

  @Post('resolve')
  @HttpCode(200)
  async resolve(@Req() req: Request, @Headers('x-ms-marketplace-token') token?: string) {
    await checkAzureRequest(req, 'azure.resolve', this.faults, this.tokens);
    return this.fulfillment.resolve(token);
  }

  @Get()
  async list(@Req() req: Request) {
    await checkAzureRequest(req, 'azure.listSubscriptions', this.faults, this.tokens);
    return { subscriptions: this.store.all(), '@nextLink': null };
  }

  @Get(':id')
  async get(@Req() req: Request, @Param('id') id: string) {
    await checkAzureRequest(req, 'azure.getSubscription', this.faults, this.tokens);
    return this.fulfillment.find(id);
  }

  @Get(':id/listAvailablePlans')
  async plans(@Req() req: Request, @Param('id') id: string) {
    await checkAzureRequest(req, 'azure.listAvailablePlans', this.faults, this.tokens);
    const s = this.fulfillment.find(id);
    return {
      plans: this.fulfillment.plans(s).map((p) => ({ planId: p.planId, displayName: p.displayName, isPricePerSeat: p.isPricePerSeat })),
    };
  }

  @Post(':id/activate')
  @HttpCode(200)
  async activate(@Req() req: Request, @Param('id') id: string, @Body() body: { planId?: unknown; quantity?: unknown }) {
    await checkAzureRequest(req, 'azure.activate', this.faults, this.tokens);
    this.fulfillment.activate(id, body?.planId, body?.quantity);
    return {};
  }

  @Patch(':id')
  async update(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Body() body: { planId?: unknown; quantity?: unknown }) {
    await checkAzureRequest(req, 'azure.updateSubscription', this.faults, this.tokens);
    const op = this.fulfillment.update(id, body ?? {});
    res.status(202).setHeader('Operation-Location', this.operationUrl(id, op.id)).end();
  }

  @Delete(':id')
  async remove(@Req() req: Request, @Res() res: Response, @Param('id') id: string) {
    await checkAzureRequest(req, 'azure.deleteSubscription', this.faults, this.tokens);
    const op = this.fulfillment.delete(id);
    res.status(202).setHeader('Operation-Location', this.operationUrl(id, op.id)).end();
  }

  @Get(':id/operations/:operationId')
  async operation(@Req() req: Request, @Param('id') id: string, @Param('operationId') operationId: string) {
    await checkAzureRequest(req, 'azure.getOperation', this.faults, this.tokens);
    const op = this.store.operation(id, operationId);
    if (!op) throw azureError(404, 'NotFound', `Operation ${operationId} not found`);
    return op;
  }

  @Patch(':id/operations/:operationId')
  @HttpCode(200)
  async acknowledge(
    @Req() req: Request,
    @Param('id') id: string,
    @Param('operationId') operationId: string,
    @Body() body: { status?: unknown },
  ) {
    await checkAzureRequest(req, 'azure.updateOperation', this.faults, this.tokens);
    return this.fulfillment.acknowledge(id, operationId, body?.status);
  }

  private operationUrl(subscriptionId: string, operationId: string): string {
    return `${this.options.publicUrl}/api/saas/subscriptions/${subscriptionId}/operations/${operationId}?api-version=${AZURE_API_VERSION}`;
  }
}
