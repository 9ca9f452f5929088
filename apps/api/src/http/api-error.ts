import { STATUS_CODES } from 'node:http';
import { HttpException, HttpStatus } from '@nestjs/common';
import type { ZodError } from 'zod';

export interface FieldProblem {
  field: string;
  reason: string;
}

/** A 4xx answer that names each field at fault and why. */
export class ApiError extends HttpException {
  constructor(status: HttpStatus, message: string, details: FieldProblem[] = []) {
    super({ statusCode: status, error: STATUS_CODES[status] ?? 'Error', message, details }, status);
  }

  static validation(error: ZodError, prefix = ''): ApiError {
    const details = error.issues.map((issue) => ({
      field: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)',
      reason: issue.message,
    }));
    return ApiError.invalid(details);
  }

  /** Every field at fault, each with its reason: 400 for a bad request, 409 for one the resource's state refuses. */
  static invalid(problems: FieldProblem[], status: HttpStatus = HttpStatus.BAD_REQUEST): ApiError {
    return new ApiError(status, `invalid request: ${problems.map((p) => `${p.field}: ${p.reason}`).join('; ')}`, problems);
  }

  /** One field at fault. */
  static field(status: HttpStatus, field: string, reason: string): ApiError {
    return new ApiError(status, `${field}: ${reason}`, [{ field, reason }]);
  }

  static notFound(what: string): ApiError {
    return new ApiError(HttpStatus.NOT_FOUND, `${what} not found`);
  }
}
