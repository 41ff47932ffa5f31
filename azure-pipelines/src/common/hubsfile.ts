import { ArmCredentials, GslbCredentials } from './connections';
import { SecretDir } from './secrets';

/**
 * Writes the hubs.yaml the CLI reads (the format `stamp sim` writes, read by core's HubsFile) into the run's
 * private directory. Secrets go to their own 0600 files beside it and hubs.yaml only names them
 * (clientSecretFile, clientCertificateFile, passwordFile): core refuses inline secrets. Every path written is
 * absolute, because core resolves relative ones against the file's own folder.
 */
export class HubsFileWriter {
  private readonly hubs: string[] = [];
  private publicAzure?: string;
  private gslb?: string;

  constructor(private readonly dir: SecretDir) {
  }

  hub(name: string, credentials: ArmCredentials, options: { caFile?: string; apiProfile?: string }): this {
    this.hubs.push(this.entry(`- name: ${q(name)}`, `hub-${this.hubs.length}`, credentials, options, '  '));
    return this;
  }

  publicAzureRegion(credentials: ArmCredentials, options: { caFile?: string }): this {
    this.publicAzure = this.entry('publicAzure:', 'public-azure', credentials, options, '  ');
    return this;
  }

  bigIp(credentials: GslbCredentials, pool: string, options: { caFile?: string }): this {
    const passwordFile = this.dir.write('f5-gtm.password', credentials.password);
    const lines = ['gslb:', `  type: ${q('f5-gtm')}`, `  url: ${q(credentials.url)}`, `  username: ${q(credentials.username)}`,
      `  passwordFile: ${q(passwordFile)}`, `  pool: ${q(pool)}`];
    if (options.caFile) {
      lines.push(`  caFile: ${q(options.caFile)}`);
    }
    this.gslb = lines.join('\n');
    return this;
  }

  /** Writes hubs.yaml (0600, like the secrets: it names where they are) and returns its path. */
  write(): string {
    const parts = ['# Written by a Stamp Release Azure Pipelines task for one run; deleted when the task ends.',
      this.hubs.length === 0 ? 'hubs: []' : 'hubs:\n' + this.hubs.join('\n')];
    if (this.publicAzure) {
      parts.push(this.publicAzure);
    }
    if (this.gslb) {
      parts.push(this.gslb);
    }
    return this.dir.write('hubs.yaml', parts.join('\n') + '\n');
  }

  private entry(first: string, fileStem: string, c: ArmCredentials, options: { caFile?: string; apiProfile?: string }, indent: string): string {
    const lines = [first, `${indent}armEndpoint: ${q(c.armEndpoint)}`, `${indent}identitySystem: ${q(c.identitySystem)}`];
    if (c.tenant) {
      lines.push(`${indent}tenant: ${q(c.tenant)}`);
    }
    lines.push(`${indent}subscription: ${q(c.subscription)}`, `${indent}clientId: ${q(c.clientId)}`);
    if (c.certificatePem !== undefined) {
      lines.push(`${indent}clientCertificateFile: ${q(this.dir.write(`${fileStem}.pem`, c.certificatePem))}`);
    } else {
      lines.push(`${indent}clientSecretFile: ${q(this.dir.write(`${fileStem}.client-secret`, c.clientSecret ?? ''))}`);
    }
    if (c.loginEndpoint) {
      lines.push(`${indent}loginEndpoint: ${q(c.loginEndpoint)}`);
    }
    if (c.audience) {
      lines.push(`${indent}audience: ${q(c.audience)}`);
    }
    if (options.caFile) {
      lines.push(`${indent}caFile: ${q(options.caFile)}`);
    }
    if (options.apiProfile) {
      lines.push(`${indent}apiProfile: ${q(options.apiProfile)}`);
    }
    return lines.join('\n');
  }
}

/** A YAML double-quoted scalar: JSON's escaping is valid YAML. */
function q(value: string): string {
  return JSON.stringify(value);
}
