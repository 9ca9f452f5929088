/**
 * An error as an AWS service returns it. The exception filter writes it in
 * the wire format of the protocol the request came in on, so the SDK
 * rebuilds the modelled exception class (`error.name`, `$metadata.httpStatusCode`).
 */
export class AwsServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus = 400,
    /** Modelled extra members, e.g. resourceId / resourceType on the Agreement API. */
    readonly fields: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = code;
  }
}

/**
 * What an AWS front end answers when a request breaks the model's
 * constraints (length, range) before the service sees it. It is not in the
 * service models, so the SDK surfaces it by name as a base service exception.
 */
export function validationError(message: string, httpStatus = 400): AwsServiceError {
  return new AwsServiceError('ValidationException', `1 validation error detected: ${message}`, httpStatus);
}
