import { Injectable } from '@nestjs/common';
import { uuid } from '../../core/random-id.generator';
import { CatalogEntityStore } from '../catalog/catalog-entity.store';
import type { AwsJsonOperation, AwsJsonService } from '../protocol/aws-json-service';
import { AwsServiceError } from '../protocol/aws-service.error';
import { buildAcceptedTerms } from './agreement-terms.builder';
import { AgreementStore } from './agreement.store';
import type { Agreement } from './agreement.types';
import { searchAgreements } from './agreement-search.filter';

/** AWS Marketplace Agreement API (awsJson 1.0, target AWSMPCommerceService_v20200301). */
@Injectable()
export class AgreementOperations implements AwsJsonService {
  readonly targetPrefix = 'AWSMPCommerceService_v20200301';
  readonly throttle = { code: 'ThrottlingException', httpStatus: 429 };
  readonly serverError = { code: 'InternalServerException', httpStatus: 500 };

  private readonly operations: Record<string, AwsJsonOperation> = {
    SearchAgreements: (input) => {
      const page = searchAgreements(this.store.all(), input);
      return { agreementViewSummaries: page.items.map((a) => this.summary(a)), nextToken: page.nextToken };
    },
    DescribeAgreement: (input) => {
      const a = this.find(input.agreementId);
      return {
        agreementId: a.agreementId,
        acceptor: { accountId: a.acceptorAccountId },
        proposer: { accountId: a.proposerAccountId },
        startTime: a.startTime,
        endTime: a.endTime,
        acceptanceTime: a.acceptanceTime,
        agreementType: 'PurchaseAgreement',
        estimatedCharges: { currencyCode: a.currency, agreementValue: a.agreementValue },
        proposalSummary: this.proposalSummary(a),
        status: a.status,
      };
    },
    GetAgreementTerms: (input) => {
      const a = this.find(input.agreementId);
      const product = this.catalog.get(a.productId);
      return { acceptedTerms: buildAcceptedTerms(a, product ? this.catalog.productDimensions(product) : []) };
    },
  };

  constructor(
    private readonly store: AgreementStore,
    private readonly catalog: CatalogEntityStore,
  ) {}

  operation(name: string): AwsJsonOperation | undefined {
    return this.operations[name];
  }

  private find(agreementId: unknown): Agreement {
    if (typeof agreementId !== 'string' || !/^[A-Za-z0-9_/-]{1,64}$/.test(agreementId)) {
      throw new AwsServiceError('ValidationException', 'Invalid agreementId', 400, {
        requestId: uuid(),
        reason: 'INVALID_AGREEMENT_ID',
        fields: [{ name: 'agreementId', message: 'Invalid agreementId' }],
      });
    }
    const agreement = this.store.get(agreementId);
    if (!agreement) {
      throw new AwsServiceError('ResourceNotFoundException', `Agreement ${agreementId} not found`, 404, {
        requestId: uuid(),
        resourceId: agreementId,
        resourceType: 'Agreement',
      });
    }
    return agreement;
  }

  private proposalSummary(a: Agreement) {
    return { offerId: a.offerId, resources: [{ id: a.productId, type: 'SaaSProduct' }] };
  }

  private summary(a: Agreement) {
    return {
      agreementId: a.agreementId,
      acceptanceTime: a.acceptanceTime,
      startTime: a.startTime,
      endTime: a.endTime,
      lastUpdateTime: a.lastUpdateTime,
      agreementType: 'PurchaseAgreement',
      acceptor: { accountId: a.acceptorAccountId },
      proposer: { accountId: a.proposerAccountId },
      proposalSummary: this.proposalSummary(a),
      status: a.status,
      entitlements: [{ licenseArn: a.licenseArn }],
    };
  }
}
