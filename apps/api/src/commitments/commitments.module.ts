import { Module } from '@nestjs/common';
import { CommitmentRepository } from './commitment.repository';
import { CommitmentsController } from './commitments.controller';

@Module({ controllers: [CommitmentsController], providers: [CommitmentRepository], exports: [CommitmentRepository] })
export class CommitmentsModule {}
