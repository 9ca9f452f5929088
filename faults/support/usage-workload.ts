/**
 * Usage sent while the fault suite breaks things, and the check of what the
 * sandbox billed against what the product accepted. (Filled in once
 * metering lands.)
 */
export class UsageWorkload {
  recordsSent = 0;
  private stopped = false;

  constructor(
    private readonly apiUrl: string,
    private readonly sandboxUrl: string,
    private readonly adminKey: string,
  ) {}

  static environment(): Record<string, string> {
    return {};
  }

  async prepare(_databaseUrl: string): Promise<void> {}

  async run(everyMs: number): Promise<void> {
    while (!this.stopped) await new Promise((resolve) => setTimeout(resolve, everyMs));
  }

  stop(): void {
    this.stopped = true;
  }

  async pending(_databaseUrl: string): Promise<string | null> {
    return null;
  }

  async check(_databaseUrl: string) {
    return { lost: 0, duplicated: 0, describe: `not measured (${this.apiUrl}, ${this.sandboxUrl}, ${this.adminKey.length})` };
  }
}
