import { Module } from '@nestjs/common';
import { CustomerRepository } from './customer.repository';
import { CustomersController } from './customers.controller';

@Module({ controllers: [CustomersController], providers: [CustomerRepository], exports: [CustomerRepository] })
export class CustomersModule {}
