import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { DescribeAgreementCommand, GetAgreementTermsCommand, MarketplaceAgreementClient } from '@aws-sdk/client-marketplace-agreement';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import { AgreementNotFoundError, type AgreementSnapshot, type AgreementSource } from '../agreement.port';
import { includedQuantitiesOf } from './agreement-terms.parser';
import { awsClientOptions } from './aws-client.options';

/** Reads agreements through the AWS Marketplace Agreement API (DescribeAgreement, and GetAgreementTerms for what it includes). */
@Injectable()
export class AwsAgreementSource implements AgreementSource, OnModuleDestroy {
  private readonly client: MarketplaceAgreementClient;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.client = new MarketplaceAgreementClient(awsClientOptions(config));
  }

  async describe(agreementId: string): Promise<AgreementSnapshot> {
    try {
      const out = await this.client.send(new DescribeAgreementCommand({ agreementId }));
      const includedQuantities = includedQuantitiesOf(await this.acceptedTerms(agreementId));
      return {
        agreementId,
        status: out.status ?? 'UNKNOWN',
        acceptorAccountId: out.acceptor?.accountId ?? '',
        proposerAccountId: out.proposer?.accountId ?? '',
        offerId: out.proposalSummary?.offerId ?? null,
        productId: productOf(out.proposalSummary?.resources ?? []),
        value: out.estimatedCharges?.agreementValue ?? '0',
        currency: out.estimatedCharges?.currencyCode ?? 'USD',
        acceptedAt: out.acceptanceTime ?? null,
        startsAt: out.startTime ?? null,
        endsAt: out.endTime ?? null,
        includedQuantities,
      };
    } catch (error) {
      if ((error as { name?: string }).name === 'ResourceNotFoundException') throw new AgreementNotFoundError(agreementId);
      throw error;
    }
  }

  /** Every accepted term, page by page (the API returns at most 50 a page). */
  private async acceptedTerms(agreementId: string): Promise<unknown[]> {
    const terms: unknown[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(new GetAgreementTermsCommand({ agreementId, maxResults: 50, nextToken }));
      terms.push(...(page.acceptedTerms ?? []));
      nextToken = page.nextToken ?? undefined;
    } while (nextToken);
    return terms;
  }

  onModuleDestroy(): void {
    this.client.destroy();
  }
}

/** DescribeAgreement lists the proposal's resources; the product is the one whose type ends in "Product". */
function productOf(resources: { id?: string; type?: string }[]): string | null {
  return resources.find((r) => r.id && /Product$/.test(r.type ?? ''))?.id ?? resources.find((r) => r.id)?.id ?? null;
}
