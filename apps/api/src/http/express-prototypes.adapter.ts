import http from 'node:http';
import type { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Express } from 'express';

/** Node's own constructors are plain functions (not classes), so a constructor of ours can run them on an object it made. */
const isPlainFunction = (base: object) => !/^class\b/.test(Function.prototype.toString.call(base));

/**
 * A constructor that builds `base`'s objects with `prototype` as theirs from
 * the start (the HTTP server calls `new` on it for every request). `base` runs
 * on the new object as a plain function: constructed through
 * Reflect.construct instead, the objects were slower to make and still
 * outlived the young generation.
 */
function constructedWith<T extends abstract new (...args: never[]) => object>(base: T, prototype: object): T {
  const run = base as unknown as (this: object, ...args: unknown[]) => void;
  function Constructed(this: object, ...args: unknown[]): void {
    run.apply(this, args);
  }
  Constructed.prototype = prototype;
  return Constructed as unknown as T;
}

/**
 * The Express adapter whose HTTP server makes each request and response with
 * Express's prototypes (`app.request`, `app.response`) already theirs.
 * Express otherwise moves every request and response onto those prototypes
 * with Object.setPrototypeOf as it takes them: V8 then handles each as an
 * object of a changed shape, and the request's objects outlive the young
 * generation (a bare Express app promoted some 8 KB a request and ran a
 * mark-compact every 0.1-0.2 s under 16 clients; made with the prototypes,
 * nothing was promoted and it served four times the requests). Express still
 * sets the same prototype, which V8 then leaves alone.
 */
export class ExpressPrototypesAdapter extends ExpressAdapter {
  override initHttpServer(options: NestApplicationOptions): void {
    const plain = isPlainFunction(http.IncomingMessage) && isPlainFunction(http.ServerResponse);
    if (options.httpsOptions || options.forceCloseConnections || !plain) return super.initHttpServer(options);
    const app = this.getInstance<Express>();
    this.httpServer = http.createServer(
      {
        IncomingMessage: constructedWith<typeof http.IncomingMessage>(http.IncomingMessage, app.request),
        ServerResponse: constructedWith<typeof http.ServerResponse>(http.ServerResponse, app.response),
      },
      app,
    );
  }
}
