import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';

/**
 * Nest's default RPC filter turns every error into `{status: 'error',
 * message: 'Internal server error'}` and logs it, which suits a reply sent to
 * a client; a job has no client, and the error is what BullMQ decides on: a
 * plain Error is retried by the job's policy, an UnrecoverableError is not.
 * So the handler's error goes to the transport unchanged.
 */
@Catch()
export class JobErrorsToQueue implements RpcExceptionFilter {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
