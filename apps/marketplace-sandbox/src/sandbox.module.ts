import { Module, type DynamicModule } from '@nestjs/common';
import { AwsModule } from './aws/aws.module';
import { AzureModule } from './azure/azure.module';
import { ControlModule } from './control/control.module';
import { CoreModule } from './core/core.module';
import type { SandboxOptions } from './core/sandbox-options';

@Module({})
export class SandboxModule {
  static forRoot(options: SandboxOptions): DynamicModule {
    return { module: SandboxModule, imports: [CoreModule.forRoot(options), ControlModule, AwsModule, AzureModule] };
  }
}
