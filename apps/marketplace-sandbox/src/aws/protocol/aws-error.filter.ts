import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { uuid } from '../../core/random-id.generator';
import { AwsServiceError } from './aws-service.error';

/**
 * Writes AwsServiceError in the wire shape of the request's protocol:
 * awsJson (x-amz-target present): `{"__type": "...#Code", "message"}`;
 * restJson1 (Catalog): `x-amzn-errortype` header and `{"Message"}`.
 * Both carry the header, which the SDK reads first for restJson1.
 */
@Catch(AwsServiceError)
export class AwsErrorFilter implements ExceptionFilter {
  catch(error: AwsServiceError, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    const target = request.header('x-amz-target');
    response.setHeader('x-amzn-requestid', uuid());
    response.setHeader('x-amzn-errortype', `${error.code}:http://internal.amazon.com/coral/com.amazonaws/`);
    if (target) {
      const version = request.header('content-type')?.includes('1.0') ? '1.0' : '1.1';
      response
        .status(error.httpStatus)
        .type(`application/x-amz-json-${version}`)
        .send(JSON.stringify({ __type: qualify(error.code), message: error.message, ...error.fields }));
    } else {
      response
        .status(error.httpStatus)
        .type('application/json')
        .send(JSON.stringify({ Message: error.message, ...error.fields }));
    }
  }
}

/** Real services qualify modelled errors by namespace; validation comes from the Coral front end. */
function qualify(code: string): string {
  return code === 'ValidationException' ? 'com.amazon.coral.validate#ValidationException' : code;
}
