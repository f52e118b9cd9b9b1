import type { IncomingHttpHeaders } from 'node:http';
import { RequestParams } from './params';
import { cloudfrontService } from './services/cloudfront';
import { ec2Service } from './services/ec2';
import { elbService } from './services/elb';
import { elbv2Service } from './services/elbv2';
import { rdsService } from './services/rds';
import { s3Service } from './services/s3';
import { stsService } from './services/sts';
import type { ServiceDefinition } from './types';

/** Every simulated service. */
export const SERVICES: readonly ServiceDefinition[] = [
  ec2Service,
  elbService,
  elbv2Service,
  rdsService,
  stsService,
  s3Service,
  cloudfrontService,
];

/** The AWS query API versions, to recognise requests without a credential scope. */
const QUERY_VERSIONS: Record<string, ServiceDefinition> = {
  '2016-11-15': ec2Service,
  '2012-06-01': elbService,
  '2015-12-01': elbv2Service,
  '2014-10-31': rdsService,
  '2011-06-15': stsService,
};

/** A request, identified. */
export interface RoutedRequest {
  /** The service; undefined when neither the credential scope nor the request shape tells it. */
  service?: ServiceDefinition;
  /** The operation name (`DescribeInstances`, `ListBuckets` …; `Unknown` when it cannot be told). */
  action: string;
  /** The access key id of the SigV4 credential scope; undefined when the request is not signed. */
  accessKeyId?: string;
  /** The region of the credential scope (`us-east-1` when the request is not signed). */
  region: string;
  params: RequestParams;
  /** The decoded request path. */
  path: string;
}

const CREDENTIAL = /Credential=([^/,\s]+)\/\d{8}\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/;

/** Reads `AKID/date/region/service/aws4_request` from the Authorization header or a presigned query. */
function credentialScope(
  headers: IncomingHttpHeaders,
  query: URLSearchParams,
): { accessKeyId: string; region: string; signingName: string } | undefined {
  const header = headers.authorization ?? '';
  const match = CREDENTIAL.exec(header) ?? CREDENTIAL.exec(`Credential=${query.get('X-Amz-Credential') ?? ''}`);
  if (!match) return undefined;
  return { accessKeyId: match[1], region: match[2], signingName: match[3] };
}

function s3Action(method: string, path: string, query: URLSearchParams): string {
  const segments = path.split('/').filter(Boolean);
  if (segments.length === 0) return method === 'GET' ? 'ListBuckets' : 'Unknown';
  if (segments.length === 1 && method === 'GET') {
    if (query.has('location')) return 'GetBucketLocation';
    if (query.has('tagging')) return 'GetBucketTagging';
    return 'ListObjects';
  }
  if (segments.length === 1 && method === 'HEAD') return 'HeadBucket';
  if (method === 'GET') return 'GetObject';
  if (method === 'PUT') return 'PutObject';
  return 'Unknown';
}

function cloudfrontAction(method: string, path: string): string {
  if (method === 'GET' && /^\/2020-05-31\/distribution\/?$/.test(path)) {
    return 'ListDistributions';
  }
  if (method === 'GET' && /^\/2020-05-31\/distribution\/[^/]+$/.test(path)) {
    return 'GetDistribution';
  }
  return 'Unknown';
}

/** Identifies the service, operation, caller key and region of an HTTP request. */
export function routeRequest(method: string, url: URL, headers: IncomingHttpHeaders, body: string): RoutedRequest {
  const path = decodeURIComponent(url.pathname);
  const scope = credentialScope(headers, url.searchParams);
  const contentType = headers['content-type'] ?? '';
  const form =
    method === 'POST' && contentType.includes('application/x-www-form-urlencoded')
      ? new URLSearchParams(body)
      : undefined;
  const version = form?.get('Version') ?? '';
  let service: ServiceDefinition | undefined;
  switch (scope?.signingName) {
    case 'ec2':
      service = ec2Service;
      break;
    case 'elasticloadbalancing':
      service = version === '2012-06-01' ? elbService : elbv2Service;
      break;
    case 'rds':
      service = rdsService;
      break;
    case 'sts':
      service = stsService;
      break;
    case 's3':
      service = s3Service;
      break;
    case 'cloudfront':
      service = cloudfrontService;
      break;
    default:
      if (form) service = QUERY_VERSIONS[version];
      else if (path.startsWith('/2020-05-31/')) service = cloudfrontService;
      else if (!scope) service = s3Service;
  }
  let action = 'Unknown';
  if (service?.protocol === 'ec2' || service?.protocol === 'query') {
    action = form?.get('Action') || 'Unknown';
  } else if (service === s3Service) {
    action = s3Action(method, path, url.searchParams);
  } else if (service === cloudfrontService) {
    action = cloudfrontAction(method, path);
  }
  return {
    service,
    action,
    accessKeyId: scope?.accessKeyId,
    region: scope?.region ?? 'us-east-1',
    params: new RequestParams(form ?? url.searchParams),
    path,
  };
}
