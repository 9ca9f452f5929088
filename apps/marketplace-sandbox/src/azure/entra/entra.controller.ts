import { Body, Controller, Get, HttpCode, HttpException, Param, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { z } from 'zod';
import { parseBody } from '../../core/zod-body.pipe';
import { EntraCertificateService } from './entra-certificate.service';
import { EntraTokenStore, GRAPH_RESOURCE_ID, MANAGEMENT_RESOURCE_ID, MARKETPLACE_RESOURCE_ID } from './entra-token.store';

/** The scopes a publisher's app asks for: the marketplace APIs' (SaaS fulfilment, metering), Microsoft Graph's (Product Ingestion API) and Resource Manager's (Marketplace Ordering), each with /.default. */
const RESOURCE_OF_SCOPE = new Map([
  [`${MARKETPLACE_RESOURCE_ID}/.default`, MARKETPLACE_RESOURCE_ID],
  [`${GRAPH_RESOURCE_ID}/.default`, GRAPH_RESOURCE_ID],
  [`${MANAGEMENT_RESOURCE_ID}/.default`, MANAGEMENT_RESOURCE_ID],
]);

const tokenRequest = z.object({
  grant_type: z.string(),
  client_id: z.string().min(1),
  client_secret: z.string().optional(),
  scope: z.string().optional(),
});

/** Entra's OAuth error body (Microsoft identity platform, "Error response" of the client credentials flow). */
function oauthError(status: number, error: string, code: number, description: string): HttpException {
  return new HttpException(
    {
      error,
      error_description: `AADSTS${code}: ${description}`,
      error_codes: [code],
      timestamp: new Date()
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, 'Z'),
      trace_id: '00000000-0000-4000-8000-000000000000',
      correlation_id: '00000000-0000-4000-8000-000000000000',
    },
    status,
  );
}

/**
 * A stand-in for Microsoft Entra ID: the OpenID discovery document MSAL reads
 * and the v2.0 token endpoint of the client credentials grant (a publisher's
 * app asking for a token for the marketplace APIs). Served on the sandbox's
 * HTTPS port (see bootstrapSandbox); the control routes on either port.
 */
@Controller()
export class EntraController {
  constructor(
    private readonly tokens: EntraTokenStore,
    private readonly certificate: EntraCertificateService,
  ) {}

  @Get(':tenant/v2.0/.well-known/openid-configuration')
  discovery(@Req() req: Request, @Param('tenant') tenant: string) {
    const base = `https://${req.get('host') ?? 'localhost'}/${tenant}`;
    return {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${base}/v2.0`,
      request_uri_parameter_supported: false,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      tenant_region_scope: 'NA',
    };
  }

  @Post(':tenant/oauth2/v2.0/token')
  @HttpCode(200)
  token(@Param('tenant') tenant: string, @Body() body: unknown) {
    const parsed = tokenRequest.safeParse(body ?? {});
    if (!parsed.success) throw oauthError(400, 'invalid_request', 900144, 'The request body must contain the parameter: client_id.');
    const r = parsed.data;
    if (r.grant_type !== 'client_credentials')
      throw oauthError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
    if (!r.client_secret) throw oauthError(401, 'invalid_client', 7000215, 'Invalid client secret provided.');
    const resource = r.scope
      ?.split(' ')
      .map((scope) => RESOURCE_OF_SCOPE.get(scope))
      .find((known) => known !== undefined);
    if (!resource) throw oauthError(400, 'invalid_scope', 70011, `The provided value for scope ${r.scope ?? ''} is not valid.`);
    const issued = this.tokens.issue(r.client_id, tenant, resource);
    return { token_type: 'Bearer', expires_in: issued.expiresIn, ext_expires_in: issued.expiresIn, access_token: issued.token };
  }

  /** The stand-in's TLS certificate (PEM), for a product that trusts the sandbox. */
  @Get('_sandbox/azure/entra/certificate')
  certificatePem() {
    return { certificatePem: this.certificate.certificatePem };
  }

  @Get('_sandbox/azure/entra')
  stats() {
    return this.tokens.stats();
  }

  @Post('_sandbox/azure/entra/token-lifetime')
  @HttpCode(200)
  setLifetime(@Body() body: unknown) {
    const { seconds } = parseBody(z.object({ seconds: z.number().int().min(1).max(86_400) }), body);
    this.tokens.setLifetime(seconds);
    return this.tokens.stats();
  }
}
