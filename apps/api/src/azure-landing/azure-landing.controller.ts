import { Controller, Get, HttpStatus, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { activatedPage, confirmPage, refusedPage, UNIDENTIFIED_PURCHASE } from './azure-landing.page';
import { AzureOnboardingService, type LandingOutcome } from './azure-onboarding.service';

/** The purchase token Microsoft appends is base64: at most a few kilobytes. */
const MAX_TOKEN_LENGTH = 8192;

/**
 * The Landing page URL of the product's Azure SaaS offer (Partner Center,
 * technical configuration). Microsoft sends the buyer here with
 * `?token=<purchase identification token>`; the page shows what Microsoft
 * resolves it to and activates it when the buyer confirms (a form post with
 * the same token: a GET never changes anything).
 */
@ApiExcludeController()
@Controller('marketplace/azure/landing')
@Public()
export class AzureLandingController {
  constructor(private readonly onboarding: AzureOnboardingService) {}

  @Get()
  async land(@Query('token') token: unknown, @Res() res: Response) {
    const valid = tokenOf(token);
    if (!valid) return send(res, HttpStatus.BAD_REQUEST, refusedPage('We couldn\u2019t identify this purchase', UNIDENTIFIED_PURCHASE));
    return render(res, await this.onboarding.preview(valid), valid);
  }

  @Post()
  async activate(@Req() req: Request, @Res() res: Response) {
    const valid = tokenOf((req.body as Record<string, unknown> | undefined)?.token);
    if (!valid) return send(res, HttpStatus.BAD_REQUEST, refusedPage('We couldn\u2019t identify this purchase', UNIDENTIFIED_PURCHASE));
    return render(res, await this.onboarding.activate(valid), valid);
  }
}

/** Express has already URL-decoded the query and form values, as the Resolve API wants the token. */
function tokenOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const token = value.trim();
  return token.length > 0 && token.length <= MAX_TOKEN_LENGTH ? token : null;
}

function render(res: Response, outcome: LandingOutcome, token: string): void {
  if (outcome.kind === 'refused') return send(res, outcome.status, refusedPage(outcome.title, outcome.why));
  if (outcome.kind === 'confirm') return send(res, HttpStatus.OK, confirmPage(outcome.resolved, outcome.offerTitle, token));
  return send(res, HttpStatus.OK, activatedPage(outcome.resolved, outcome.offerTitle, outcome.already));
}

function send(res: Response, status: number, body: string): void {
  res.status(status).type('html').setHeader('Cache-Control', 'no-store').setHeader('Referrer-Policy', 'no-referrer').send(body);
}
