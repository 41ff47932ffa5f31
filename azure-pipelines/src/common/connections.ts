import tl = require('azure-pipelines-task-lib/task');
import { Inputs } from './inputs';
import { registerSecret } from './secrets';

/**
 * What an Azure Resource Manager service connection says about a hub (environment AzureStack) or public Azure:
 * the fields the azure-arm-rest common package reads (common-npm-packages/azure-arm-rest/azure-arm-endpoint.ts in
 * microsoft/azure-pipelines-tasks-common-packages). The secret is a value here only until it is written to a
 * 0600 file; it is registered with the log masker the moment it is read.
 */
export interface ArmCredentials {
  connection: string;
  environment: string;
  armEndpoint: string;
  identitySystem: 'azure_ad' | 'adfs';
  tenant?: string;
  subscription: string;
  clientId: string;
  clientSecret?: string;
  certificatePem?: string;
  loginEndpoint?: string;
  audience?: string;
}

const PUBLIC_ARM: Record<string, string> = {
  azurecloud: 'https://management.azure.com/',
  azureusgovernment: 'https://management.usgovcloudapi.net/',
  azurechinacloud: 'https://management.chinacloudapi.cn/',
};

/**
 * Reads an AzureRM service connection (input {@code input}). Only service principals with a key or a certificate
 * are usable: the stamp CLI signs in with azure-identity from a secret or certificate file. {@code identity} is
 * the task's identitySystem input ("auto" reads it from the connection).
 */
export function azureRm(inputs: Inputs, input: string, expect: 'hub' | 'public', identity = 'auto'): ArmCredentials | undefined {
  const id = inputs.string(input, true);
  if (id === undefined) {
    return undefined;
  }
  const before = inputs.problems.length;
  const scheme = tl.getEndpointAuthorizationScheme(id, true) ?? 'ServicePrincipal';
  if (scheme.toLowerCase() !== 'serviceprincipal') {
    inputs.problem(input, `the service connection authenticates with ${scheme}; the stamp CLI signs in with a service principal key or `
      + 'certificate (an Azure Resource Manager connection of type "Service principal (manual)")');
    return undefined;
  }
  const environment = data(id, 'environment') ?? 'AzureCloud';
  if (expect === 'hub' && environment.toLowerCase() !== 'azurestack') {
    inputs.problem(input, `must be a connection to an Azure Stack Hub (environment AzureStack with the hub's ARM endpoint as its `
      + `environment URL); this one is ${environment}`);
  }
  if (expect === 'public' && environment.toLowerCase() === 'azurestack') {
    inputs.problem(input, 'must be a connection to public Azure: Traffic Manager does not exist on Azure Stack Hub, whose stamps it '
      + 'reaches as external endpoints');
  }
  const scope = data(id, 'scopeLevel');
  if (scope && scope.toLowerCase() === 'managementgroup') {
    inputs.problem(input, 'the service connection is scoped to a management group; the stamp CLI needs a subscription');
  }
  const armEndpoint = data(id, 'environmentUrl') ?? tl.getEndpointUrl(id, true) ?? PUBLIC_ARM[environment.toLowerCase()];
  if (!armEndpoint) {
    inputs.problem(input, 'the service connection has no environment URL (the ARM endpoint, https://management.<region>.<fqdn>/)');
  }
  const subscription = data(id, 'subscriptionId');
  if (!subscription) {
    inputs.problem(input, 'the service connection has no subscription id');
  }
  const clientId = param(id, 'serviceprincipalid');
  if (!clientId) {
    inputs.problem(input, 'the service connection has no service principal id');
  }
  const tenant = param(id, 'tenantid');
  const authority = data(id, 'activeDirectoryAuthority') ?? data(id, 'environmentAuthorityUrl');
  const identitySystem = expect === 'public' ? 'azure_ad' : resolveIdentity(identity, id, tenant, authority);
  if (identitySystem === 'azure_ad' && !tenant) {
    inputs.problem(input, 'the service connection has no tenant id (Azure AD needs the directory GUID or domain)');
  }
  const authenticationType = (param(id, 'authenticationType') ?? 'spnKey').toLowerCase();
  let clientSecret: string | undefined;
  let certificatePem: string | undefined;
  if (authenticationType === 'spncertificate') {
    certificatePem = param(id, 'servicePrincipalCertificate');
    if (!certificatePem) {
      inputs.problem(input, 'the service connection uses a certificate but holds none (servicePrincipalCertificate)');
    }
    registerSecret(certificatePem);
  } else if (authenticationType === 'spnkey') {
    clientSecret = param(id, 'serviceprincipalkey');
    if (!clientSecret) {
      inputs.problem(input, 'the service connection has no service principal key');
    }
    registerSecret(clientSecret);
  } else {
    inputs.problem(input, `authentication type '${authenticationType}' is not supported (allowed: spnKey, spnCertificate)`);
  }
  if (inputs.problems.length > before) {
    return undefined;
  }
  return {
    connection: input,
    environment,
    armEndpoint: armEndpoint!,
    identitySystem,
    tenant,
    subscription: subscription!,
    clientId: clientId!,
    clientSecret,
    certificatePem,
    loginEndpoint: authority,
    audience: data(id, 'activeDirectoryServiceEndpointResourceId'),
  };
}

/**
 * ADFS when the task says so, else when the connection does: EnableAdfsAuthentication (the flag azure-arm-rest
 * reads), the tenant "adfs", or an authority ending in /adfs/ (how azure-arm-rest recognises an ADFS hub from
 * its metadata). Otherwise Azure AD.
 */
function resolveIdentity(identity: string, id: string, tenant: string | undefined, authority: string | undefined): 'azure_ad' | 'adfs' {
  if (identity === 'adfs' || identity === 'azure_ad') {
    return identity;
  }
  const adfs = (data(id, 'EnableAdfsAuthentication') ?? '').toLowerCase() === 'true'
    || (tenant ?? '').toLowerCase() === 'adfs'
    || /\/adfs\/?$/i.test(authority ?? '');
  return adfs ? 'adfs' : 'azure_ad';
}

/** A cluster's kubeconfig from a Kubernetes service connection (Kubeconfig or Service Account authorization). */
export interface KubeconfigFromConnection {
  connection: string;
  kubeconfig: string;
}

/** Keys of a kubeconfig user entry whose values are credentials (masked in the log). */
const KUBE_SECRET_KEYS = new Set(['token', 'client-key-data', 'password', 'id-token', 'refresh-token', 'client-secret', 'access-token']);

/**
 * Reads a Kubernetes service connection as the Kubernetes tasks do (kubernetes-common's kubectlutility:
 * authorizationType Kubeconfig → the kubeconfig parameter with clusterContext as its current context;
 * ServiceAccount → server URL, serviceAccountCertificate and the base64 apiToken). AzureSubscription (AKS) is
 * refused: AKS Engine clusters on a hub are not AKS.
 */
export function kubernetes(inputs: Inputs, input: string, parseYaml: (text: string) => unknown, dumpYaml: (doc: unknown) => string)
  : KubeconfigFromConnection | undefined {
  const id = inputs.string(input, true);
  if (id === undefined) {
    return undefined;
  }
  const type = data(id, 'authorizationType') ?? 'Kubeconfig';
  if (type === 'Kubeconfig') {
    const text = param(id, 'kubeconfig');
    if (!text) {
      inputs.problem(input, 'the service connection holds no kubeconfig');
      return undefined;
    }
    let doc: any;
    try {
      doc = parseYaml(text);
    } catch (e) {
      doc = undefined;
    }
    if (!doc || typeof doc !== 'object' || !Array.isArray(doc.clusters)) {
      inputs.problem(input, "the service connection's kubeconfig is not a kubeconfig (no 'clusters:' list)");
      return undefined;
    }
    for (const user of Array.isArray(doc.users) ? doc.users : []) {
      registerCredentialValues(user?.user);
    }
    const context = param(id, 'clusterContext');
    if (context) {
      doc['current-context'] = context;
      return { connection: input, kubeconfig: dumpYaml(doc) };
    }
    return { connection: input, kubeconfig: text };
  }
  if (type === 'ServiceAccount') {
    const server = tl.getEndpointUrl(id, true);
    const ca = param(id, 'serviceAccountCertificate');
    const token64 = param(id, 'apiToken');
    if (!server || !token64) {
      inputs.problem(input, 'the Service Account connection needs the server URL and the secret token');
      return undefined;
    }
    const token = Buffer.from(token64, 'base64').toString('utf8');
    registerSecret(token);
    const insecure = (data(id, 'acceptUntrustedCerts') ?? '').toLowerCase() === 'true';
    const cluster: Record<string, unknown> = { server };
    if (insecure) {
      cluster['insecure-skip-tls-verify'] = true;
    } else if (ca) {
      cluster['certificate-authority-data'] = ca;
    }
    const kubeconfig = {
      apiVersion: 'v1', kind: 'Config', 'current-context': 'service-account',
      clusters: [{ name: 'cluster', cluster }],
      users: [{ name: 'service-account', user: { token } }],
      contexts: [{ name: 'service-account', context: { cluster: 'cluster', user: 'service-account' } }],
    };
    return { connection: input, kubeconfig: JSON.stringify(kubeconfig, null, 2) };
  }
  inputs.problem(input, `authorization type '${type}' is not supported (allowed: Kubeconfig, ServiceAccount); `
    + 'an AKS Engine cluster on a hub is reached with its kubeconfig');
  return undefined;
}

function registerCredentialValues(node: unknown): void {
  if (!node || typeof node !== 'object') {
    return;
  }
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (typeof value === 'string' && KUBE_SECRET_KEYS.has(key)) {
      registerSecret(value);
    } else if (value && typeof value === 'object') {
      registerCredentialValues(value);
    }
  }
}

/** An F5 BIG-IP DNS reached through a generic service connection: its URL, user name and password. */
export interface GslbCredentials {
  connection: string;
  url: string;
  username: string;
  password: string;
}

export function generic(inputs: Inputs, input: string): GslbCredentials | undefined {
  const id = inputs.string(input, true);
  if (id === undefined) {
    return undefined;
  }
  const url = tl.getEndpointUrl(id, true);
  const username = param(id, 'username');
  const password = param(id, 'password');
  registerSecret(password);
  if (!url || !username || !password) {
    inputs.problem(input, 'the generic service connection needs the BIG-IP management URL, a user name and a password');
    return undefined;
  }
  return { connection: input, url, username, password };
}

function data(id: string, key: string): string | undefined {
  const value = tl.getEndpointDataParameter(id, key, true);
  return value && value.trim() !== '' ? value.trim() : undefined;
}

function param(id: string, key: string): string | undefined {
  const value = tl.getEndpointAuthorizationParameter(id, key, true);
  return value && value.trim() !== '' ? value : undefined;
}
