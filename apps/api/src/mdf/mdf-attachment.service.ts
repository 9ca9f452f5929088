import { createHash } from 'node:crypto';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import { AuditTrail } from '../audit/audit-trail.service';
import type { Principal } from '../auth/principal';
import { ApiError } from '../http/api-error';
import { MdfRepository } from './mdf.repository';

/** Proof of execution attached to a claim while it waits for alliance, within MDF_ATTACHMENT_MAX_BYTES and MDF_ATTACHMENTS_PER_CLAIM. */
@Injectable()
export class MdfAttachmentService {
  constructor(
    private readonly mdf: MdfRepository,
    private readonly audit: AuditTrail,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get maxBytes(): number {
    return this.config.MDF_ATTACHMENT_MAX_BYTES;
  }

  async attach(
    principal: Principal,
    scope: string | null,
    requestId: string,
    file: { fileName: string; contentType: string; content: Buffer },
  ) {
    if (file.content.length === 0) throw ApiError.field(HttpStatus.BAD_REQUEST, '(body)', 'the file is empty');
    return this.mdf.transaction(async (tx) => {
      const request = await this.mdf.lockRequest(requestId, tx);
      if (!request || (scope && request.partnerId !== scope)) throw ApiError.notFound(`MDF request ${requestId}`);
      const claim = request.claim;
      if (!claim || claim.status !== 'SUBMITTED')
        throw ApiError.field(
          HttpStatus.CONFLICT,
          'claim.status',
          'proof is attached to a claim that waits for a decision: submit the claim first',
        );
      if ((await this.mdf.countAttachments(claim.id, tx)) >= this.config.MDF_ATTACHMENTS_PER_CLAIM)
        throw ApiError.field(HttpStatus.CONFLICT, 'attachments', `a claim carries at most ${this.config.MDF_ATTACHMENTS_PER_CLAIM} files`);
      const sha256 = createHash('sha256').update(file.content).digest('hex');
      const attached = await this.mdf.addAttachment(
        {
          claimId: claim.id,
          fileName: file.fileName,
          contentType: file.contentType,
          sizeBytes: file.content.length,
          sha256,
          content: new Uint8Array(file.content),
          uploadedBy: principal.actor,
        },
        tx,
      );
      await this.audit.record(
        principal,
        'mdf.claim.proof-attached',
        'mdf_request',
        requestId,
        null,
        { claimId: claim.id, attachmentId: attached.id, fileName: file.fileName, sizeBytes: file.content.length, sha256 },
        tx,
      );
      return attached;
    });
  }

  async download(scope: string | null, requestId: string, attachmentId: string) {
    const request = await this.mdf.findRequest(scope, requestId);
    return request?.claim ? this.mdf.attachment(request.claim.id, attachmentId) : null;
  }
}
