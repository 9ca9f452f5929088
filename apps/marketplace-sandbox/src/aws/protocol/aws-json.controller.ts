import { Body, Controller, Headers, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { uuid } from '../../core/random-id.generator';
import { StatsService } from '../../core/stats.service';
import { FaultInjector, sleep } from '../../faults/fault-injector.service';
import { AgreementOperations } from '../agreement/agreement.operations';
import { EntitlementOperations } from '../entitlement/entitlement.operations';
import { MeteringOperations } from '../metering/metering.operations';
import { AwsErrorFilter } from './aws-error.filter';
import type { AwsJsonService } from './aws-json-service';
import { toAwsJson } from './aws-json.codec';
import { AwsServiceError } from './aws-service.error';
import { callerIdentity } from './caller-identity';

/**
 * The awsJson 1.0/1.1 services all POST to "/" and are told apart by the
 * X-Amz-Target header (`<ServicePrefix>.<Operation>`), as on AWS.
 */
@Controller()
@UseFilters(AwsErrorFilter)
export class AwsJsonController {
  private readonly services: AwsJsonService[];

  constructor(
    metering: MeteringOperations,
    entitlement: EntitlementOperations,
    agreement: AgreementOperations,
    private readonly faults: FaultInjector,
    private readonly stats: StatsService,
  ) {
    this.services = [metering, entitlement, agreement];
  }

  @Post()
  async dispatch(
    @Headers('x-amz-target') target: string | undefined,
    @Body() body: unknown,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const [prefix, operationName = ''] = (target ?? '').split('.');
    const service = this.services.find((s) => s.targetPrefix === prefix);
    const operation = service?.operation(operationName);
    if (!service || !operation) {
      throw new AwsServiceError('UnknownOperationException', `Unknown operation ${target ?? '(no X-Amz-Target)'}`);
    }
    try {
      await this.applyFaults(service, operationName);
      const input = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
      const output = await operation(input, callerIdentity(request));
      this.stats.countCall(operationName, 'Success');
      const version = service.targetPrefix === 'AWSMPCommerceService_v20200301' ? '1.0' : '1.1';
      response
        .status(200)
        .setHeader('x-amzn-requestid', uuid())
        .type(`application/x-amz-json-${version}`)
        .send(JSON.stringify(toAwsJson(output ?? {})));
    } catch (error) {
      this.stats.countCall(operationName, error instanceof AwsServiceError ? error.code : 'InternalError');
      throw error;
    }
  }

  private async applyFaults(service: AwsJsonService, operation: string): Promise<void> {
    const fault = this.faults.take(operation, ['throttle', 'error5xx', 'slow']);
    if (!fault) return;
    if (fault.kind === 'slow') return sleep(fault.delayMs);
    const { code, httpStatus } = fault.kind === 'throttle' ? service.throttle : service.serverError;
    throw new AwsServiceError(code, `Injected fault: ${fault.kind}`, httpStatus);
  }
}
