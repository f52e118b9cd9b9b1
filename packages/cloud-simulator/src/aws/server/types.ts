import type { AwsWorld } from '../../world/AwsWorld';
import type { FakeAwsAccount, FakeAwsRegion } from '../../world/types';
import type { WireModel } from '../wire/types';
import type { CredentialStore } from './credentials';
import type { RequestParams } from './params';

/** The simulated services. Classic and v2 load balancing share the signing name `elasticloadbalancing`. */
export type ServiceName = 'ec2' | 'elb' | 'elbv2' | 'rds' | 'sts' | 's3' | 'cloudfront';

/** How a service's requests and responses are encoded. */
export type WireProtocol = 'ec2' | 'query' | 'rest-xml';

/** The caller a request is authenticated as. */
export interface Identity {
  account: FakeAwsAccount;
  /** `arn:aws:iam::<account>:user/…` or `arn:aws:sts::<account>:assumed-role/<role>/<session>`. */
  arn: string;
  userId: string;
}

/** What an operation handler is given. */
export interface ApiCall {
  action: string;
  params: RequestParams;
  /** The decoded request path (REST services). */
  path: string;
  world: AwsWorld;
  identity: Identity;
  /** The region of the request's credential scope. */
  regionName: string;
  /** The caller's account's resources in that region (empty when the region is not enabled for the account). */
  region: FakeAwsRegion;
  credentials: CredentialStore;
  /** The page size to use when the caller gives none, for an operation whose largest page is `max`. */
  defaultPageSize(max: number): number;
}

/** Handles one operation: returns its output (SDK member names) or throws an `AwsApiError`. */
export type OperationHandler = (call: ApiCall) => object;

/** A simulated service. */
export interface ServiceDefinition {
  name: ServiceName;
  protocol: WireProtocol;
  xmlNamespace: string;
  model: WireModel;
  operations: Readonly<Record<string, OperationHandler>>;
  /** The IAM action an operation needs (`ec2:DescribeInstances`, `s3:ListAllMyBuckets` …). */
  iamAction(action: string): string;
}
