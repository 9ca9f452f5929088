import { Controller, Get, HttpStatus, Req, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators';

/** The product's name, as the API introduces itself (here and in the OpenAPI document). */
export const API_NAME = 'Marketplace Partner Bridge';

/** Where each part of the API starts, for a client that knows only the host. */
const SIGNPOSTS = { name: API_NAME, docs: '/docs', openapi: '/docs-json', health: '/health', dashboard: '/dashboard' } as const;

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
  @ApiOkResponse({ description: 'Where the OpenAPI document, its UI, readiness and the dashboard are (any client not asking for HTML)' })
  @ApiFoundResponse({ description: 'A browser, to /dashboard' })
  signposts(@Req() req: Request, @Res() res: Response): void {
    // The answer depends on Accept: a cache must not hand a browser the JSON, or a client the redirect.
    res.vary('Accept');
    if (req.accepts(['json', 'html']) === 'html') return res.redirect(HttpStatus.FOUND, SIGNPOSTS.dashboard);
    res.json(SIGNPOSTS);
  }
}
