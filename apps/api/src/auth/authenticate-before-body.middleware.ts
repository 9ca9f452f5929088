import type { NextFunction, Request, Response } from 'express';
import { answerError } from '../http/api-exception.filter';
import type { BearerKeyAuthenticator } from './bearer-key.authenticator';
import type { Principal } from './principal';

/**
 * Checks the caller's API key before any body parser runs, so a caller not
 * yet proven cannot make the API read (up to 8 MB), buffer and parse a body
 * only to be refused. Mounted on /v1, where every route needs a key. A
 * refused request's body is never read: the answer closes the connection
 * instead of draining megabytes nobody will use.
 */
export function authenticateBeforeBody(authenticator: BearerKeyAuthenticator) {
  return (request: Request & { principal?: Principal }, response: Response, next: NextFunction): void => {
    authenticator.authenticate(request.headers.authorization, response).then(
      (principal) => {
        request.principal = principal;
        next();
      },
      (error: unknown) => {
        if (hasUnreadBody(request)) response.setHeader('Connection', 'close');
        answerError(error, response);
      },
    );
  };
}

const hasUnreadBody = (request: Request) =>
  Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
