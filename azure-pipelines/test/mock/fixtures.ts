import { Endpoint } from '../support/agent';
import { fakePem } from '../support/mock';

/** Secrets of the fixtures: none may reach an argument, an environment variable or a log line. */
export const SP_KEY = 'spn-key-9Zx1-QWERTY-0f3e2d1c';
export const KUBE_TOKEN = 'kube-token-eyJhbGciOi-8c7b6a59';
export const KUBE_KEY_DATA = 'LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JSUV2ZmFrZWtleWRhdGE=';
export const BIGIP_PASSWORD = 'bigip-pw-7d6c5b4a-hunter2';
export const PROXY_PASSWORD = 'proxy-pw-1a2b3c4d';
export const CERT_PEM = fakePem();

export const SUBSCRIPTION = '2b3c4d5e-6f70-4182-9304-a5b6c7d8e9f0';
export const CLIENT_ID = '1a2b3c4d-5e6f-4081-9203-a4b5c6d7e8f9';
export const TENANT = '3c4d5e6f-7081-4293-a4b5-c6d7e8f9a0b1';
export const ARM = 'https://management.seattle.hub.example/';

/** An AzureRM connection to an ADFS hub as ADO holds it (environment AzureStack, service principal key). */
export function adfsHub(overrides: { params?: Record<string, string>; data?: Record<string, string>; scheme?: string } = {}): Endpoint {
  return {
    url: ARM,
    scheme: overrides.scheme ?? 'ServicePrincipal',
    params: { serviceprincipalid: CLIENT_ID, serviceprincipalkey: SP_KEY, tenantid: 'adfs', authenticationType: 'spnKey', ...overrides.params },
    data: { environment: 'AzureStack', environmentUrl: ARM, subscriptionId: SUBSCRIPTION, subscriptionName: 'seattle', scopeLevel: 'Subscription',
      EnableAdfsAuthentication: 'true', ...overrides.data },
  };
}

/** An AzureRM connection to public Azure (Traffic Manager lives there). */
export function publicAzure(overrides: { params?: Record<string, string>; data?: Record<string, string> } = {}): Endpoint {
  return {
    url: 'https://management.azure.com/',
    scheme: 'ServicePrincipal',
    params: { serviceprincipalid: CLIENT_ID, serviceprincipalkey: SP_KEY, tenantid: TENANT, authenticationType: 'spnKey', ...overrides.params },
    data: { environment: 'AzureCloud', subscriptionId: SUBSCRIPTION, subscriptionName: 'global', scopeLevel: 'Subscription', ...overrides.data },
  };
}

export const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- name: seattle
  cluster:
    server: https://seattle.cloudapp.hub.example:443
    certificate-authority-data: Q0EgZGF0YQ==
- name: seattle-blue
  cluster:
    server: https://seattle-blue.cloudapp.hub.example:443
users:
- name: admin
  user:
    token: ${KUBE_TOKEN}
    client-key-data: ${KUBE_KEY_DATA}
contexts:
- name: seattle
  context: {cluster: seattle, user: admin}
- name: seattle-blue
  context: {cluster: seattle-blue, user: admin}
current-context: seattle
`;

export function kubeconfigConnection(extra: Record<string, string> = {}): Endpoint {
  return { url: 'https://seattle.cloudapp.hub.example:443', scheme: 'Kubernetes', params: { kubeconfig: KUBECONFIG, ...extra },
    data: { authorizationType: 'Kubeconfig' } };
}

export function bigIp(): Endpoint {
  return { url: 'https://bigip-dns.corp.example', scheme: 'UsernamePassword', params: { username: 'stamp-release', password: BIGIP_PASSWORD } };
}

/** Asserts the value is in none of the strings (an argument list, an environment, a log). */
export function secretsIn(haystack: string, ...secrets: string[]): string[] {
  return secrets.filter((s) => haystack.includes(s));
}
