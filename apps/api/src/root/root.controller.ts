import { Controller, Get, HttpStatus, Req, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators';
import type { z } from 'zod';
import { Responds } from '../http/responds.decorator';
import { signpostsView } from './root.schemas';

/** The product's name, as the API introduces itself (here and in the OpenAPI document). */
export const API_NAME = 'Marketplace Partner Bridge';

/** Where each part of the API starts, for a client that knows only the host. */
const SIGNPOSTS: z.output<typeof signpostsView> = {
  name: API_NAME,
  docs: '/docs',
  openapi: '/docs-json',
  health: '/health',
  dashboard: '/dashboard',
} as const;

/**
 * The address people try first. A browser (it asks for HTML) goes on to the
 * dashboard, which sends it to sign in when it has no session; any other
 * client is told where the API describes itself.
 */
@ApiTags('operations')
@Controller()
export class RootController {
  @Get()
  @Public()
  @Responds(200, signpostsView, 'Where the OpenAPI document, its UI, readiness and the dashboard are (any client not asking for HTML)')
  @ApiFoundResponse({
    description: 'A browser, to /dashboard',
    headers: { Location: { description: 'the dashboard', schema: { type: 'string' } } },
  })
  signposts(@Req() req: Request, @Res() res: Response): void {
    // The answer depends on Accept: a cache must not hand a browser the JSON, or a client the redirect.
    res.vary('Accept');
    if (req.accepts(['json', 'html']) === 'html') return res.redirect(HttpStatus.FOUND, SIGNPOSTS.dashboard);
    res.json(SIGNPOSTS);
  }
}
