/**
 * The simulated AWS world: plain, mutable objects whose fields are the AWS API member names (the SDK's output
 * types). Tests change them directly between calls; the simulator serves the live state on every request.
 */
import type {
  Image,
  Instance,
  InstanceTypeInfo,
  NatGateway,
  NetworkAcl,
  NetworkInterface,
  RouteTable,
  SecurityGroup,
  Snapshot,
  Subnet,
  Volume,
  Vpc,
  VpcEndpoint,
  VpcPeeringConnection,
  VpnGateway,
} from '@aws-sdk/client-ec2';
import type { LoadBalancerDescription, Tag as ClassicElbTag } from '@aws-sdk/client-elastic-load-balancing';
import type {
  Listener,
  LoadBalancer,
  Tag as ElbTag,
  TargetGroup,
  TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { DBInstance } from '@aws-sdk/client-rds';
import type { Bucket, Tag as S3Tag } from '@aws-sdk/client-s3';
import type { DistributionSummary } from '@aws-sdk/client-cloudfront';

/** `T` with the members `K` required and defined. */
export type WithRequired<T, K extends keyof T> = T & {
  [P in K]-?: NonNullable<T[P]>;
};

/** An IAM role of an account that STS `AssumeRole` accepts. */
export interface AwsRoleSpec {
  /** The role name: `arn:aws:iam::<account>:role/<name>`. */
  name: string;
  /** When set, `AssumeRole` must pass exactly this `ExternalId`. */
  externalId?: string;
}

/** An account of the simulated world and the long-term access key that authenticates as it. */
export interface AwsAccountSpec {
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** The regions enabled for the account; each gets its own generated resources. */
  regions: string[];
  /**
   * The roles STS `AssumeRole` accepts. When absent, any role name of the account can be assumed without an
   * external id; when present, only these.
   */
  roles?: AwsRoleSpec[];
}

/** How many resources to generate in each region of each account. */
export interface AwsRegionSizes {
  instances?: number;
  /** Extra data volumes attached to each instance besides its root volume (default 1). */
  volumesPerInstance?: number;
  securityGroups?: number;
  vpcs?: number;
  subnets?: number;
  classicLoadBalancers?: number;
  /** ELBv2 (application and network) load balancers. */
  loadBalancers?: number;
  databases?: number;
  /** Volume snapshots; each of the account's images also has the snapshot backing its root device. */
  snapshots?: number;
  /** Images owned by the account. */
  images?: number;
  natGateways?: number;
  vpcEndpoints?: number;
  vpnGateways?: number;
  peeringConnections?: number;
}

/** Options of {@link generateAwsWorld}. The same options always generate the same world. */
export interface AwsWorldOptions {
  /** Seed of the pseudo-random generator (default 1). */
  seed?: number;
  /** The accounts (default: {@link DEMO_AWS_ACCOUNT} only). */
  accounts?: AwsAccountSpec[];
  /** Resources per region (defaults: a small, demo-sized region). */
  sizes?: AwsRegionSizes;
  /** S3 buckets per account (default 8). */
  buckets?: number;
  /** CloudFront distributions per account (default 3). */
  distributions?: number;
}

/** An EC2 instance. `ReservationId` is not an `Instance` member: it groups instances into reservations. */
export type FakeInstance = WithRequired<
  Instance,
  | 'InstanceId'
  | 'ImageId'
  | 'InstanceType'
  | 'PrivateIpAddress'
  | 'PrivateDnsName'
  | 'State'
  | 'LaunchTime'
  | 'Placement'
  | 'SubnetId'
  | 'VpcId'
  | 'SecurityGroups'
  | 'BlockDeviceMappings'
  | 'RootDeviceName'
  | 'RootDeviceType'
  | 'PlatformDetails'
  | 'Architecture'
  | 'Tags'
  | 'NetworkInterfaces'
> & { ReservationId?: string };

/** An EBS volume. */
export type FakeVolume = WithRequired<
  Volume,
  | 'VolumeId'
  | 'Size'
  | 'VolumeType'
  | 'State'
  | 'AvailabilityZone'
  | 'CreateTime'
  | 'Attachments'
  | 'Encrypted'
  | 'Tags'
>;

/** An EBS snapshot. */
export type FakeSnapshot = WithRequired<
  Snapshot,
  'SnapshotId' | 'VolumeId' | 'VolumeSize' | 'State' | 'StartTime' | 'OwnerId' | 'Encrypted' | 'Tags'
>;

/** An AMI. */
export type FakeImage = WithRequired<
  Image,
  | 'ImageId'
  | 'Name'
  | 'OwnerId'
  | 'State'
  | 'CreationDate'
  | 'Architecture'
  | 'PlatformDetails'
  | 'Public'
  | 'RootDeviceName'
  | 'BlockDeviceMappings'
  | 'Tags'
>;

/** A VPC security group. */
export type FakeSecurityGroup = WithRequired<
  SecurityGroup,
  'GroupId' | 'GroupName' | 'Description' | 'VpcId' | 'OwnerId' | 'IpPermissions' | 'IpPermissionsEgress' | 'Tags'
>;

/** A VPC. */
export type FakeVpc = WithRequired<Vpc, 'VpcId' | 'CidrBlock' | 'State' | 'IsDefault' | 'OwnerId' | 'Tags'>;

/** A subnet. */
export type FakeSubnet = WithRequired<
  Subnet,
  'SubnetId' | 'VpcId' | 'CidrBlock' | 'AvailabilityZone' | 'AvailableIpAddressCount' | 'State' | 'Tags'
>;

/** A route table. */
export type FakeRouteTable = WithRequired<RouteTable, 'RouteTableId' | 'VpcId' | 'Routes' | 'Associations' | 'Tags'>;

/** An elastic network interface. */
export type FakeNetworkInterface = WithRequired<
  NetworkInterface,
  'NetworkInterfaceId' | 'SubnetId' | 'VpcId' | 'PrivateIpAddress' | 'Status' | 'InterfaceType' | 'TagSet'
>;

/** A NAT gateway. */
export type FakeNatGateway = WithRequired<
  NatGateway,
  'NatGatewayId' | 'SubnetId' | 'VpcId' | 'State' | 'NatGatewayAddresses' | 'CreateTime' | 'Tags'
>;

/** A network ACL. */
export type FakeNetworkAcl = WithRequired<
  NetworkAcl,
  'NetworkAclId' | 'VpcId' | 'IsDefault' | 'Entries' | 'Associations' | 'Tags'
>;

/** A VPC peering connection. */
export type FakeVpcPeeringConnection = WithRequired<
  VpcPeeringConnection,
  'VpcPeeringConnectionId' | 'RequesterVpcInfo' | 'AccepterVpcInfo' | 'Status' | 'Tags'
>;

/** A virtual private gateway. */
export type FakeVpnGateway = WithRequired<VpnGateway, 'VpnGatewayId' | 'State' | 'Type' | 'VpcAttachments' | 'Tags'>;

/** A VPC endpoint. */
export type FakeVpcEndpoint = WithRequired<
  VpcEndpoint,
  'VpcEndpointId' | 'VpcEndpointType' | 'VpcId' | 'ServiceName' | 'State' | 'CreationTimestamp' | 'Tags'
>;

/** A Classic Load Balancer; `Tags` are served by the classic `DescribeTags`. */
export type FakeClassicLoadBalancer = WithRequired<
  LoadBalancerDescription,
  | 'LoadBalancerName'
  | 'DNSName'
  | 'ListenerDescriptions'
  | 'Instances'
  | 'HealthCheck'
  | 'AvailabilityZones'
  | 'Subnets'
  | 'VPCId'
  | 'SecurityGroups'
  | 'CreatedTime'
  | 'Scheme'
> & { Tags: ClassicElbTag[] };

/** An ELBv2 listener. */
export type FakeListener = WithRequired<
  Listener,
  'ListenerArn' | 'LoadBalancerArn' | 'Port' | 'Protocol' | 'DefaultActions'
>;

/**
 * An ELBv2 (application or network) load balancer; `Tags` are served by `DescribeTags`, `Listeners` by
 * `DescribeListeners`.
 */
export type FakeLoadBalancer = WithRequired<
  LoadBalancer,
  | 'LoadBalancerArn'
  | 'LoadBalancerName'
  | 'DNSName'
  | 'Type'
  | 'Scheme'
  | 'State'
  | 'VpcId'
  | 'AvailabilityZones'
  | 'CreatedTime'
> & { Tags: ElbTag[]; Listeners: FakeListener[] };

/** A target registered in a target group, with its health as `DescribeTargetHealth` returns it. */
export type FakeTarget = WithRequired<TargetHealthDescription, 'Target' | 'TargetHealth'>;

/** An ELBv2 target group with its targets (instance ids) and their health, and its tags. */
export type FakeTargetGroup = WithRequired<
  TargetGroup,
  'TargetGroupArn' | 'TargetGroupName' | 'Protocol' | 'Port' | 'VpcId' | 'TargetType' | 'LoadBalancerArns'
> & { Targets: FakeTarget[]; Tags: ElbTag[] };

/** An RDS DB instance (tags in `TagList`, as `DescribeDBInstances` returns them). */
export type FakeDbInstance = WithRequired<
  DBInstance,
  | 'DBInstanceIdentifier'
  | 'DBInstanceArn'
  | 'DBInstanceClass'
  | 'Engine'
  | 'EngineVersion'
  | 'DBInstanceStatus'
  | 'Endpoint'
  | 'AllocatedStorage'
  | 'InstanceCreateTime'
  | 'AvailabilityZone'
  | 'MultiAZ'
  | 'DBSubnetGroup'
  | 'VpcSecurityGroups'
  | 'ReadReplicaDBInstanceIdentifiers'
  | 'TagList'
>;

/** An S3 bucket; `Tags` undefined means the bucket has no tag set (`NoSuchTagSet`). */
export type FakeBucket = WithRequired<Bucket, 'Name' | 'CreationDate' | 'BucketRegion'> & { Tags?: S3Tag[] };

/** A CloudFront distribution, as `ListDistributions` summarises it. */
export type FakeDistribution = WithRequired<
  DistributionSummary,
  'Id' | 'ARN' | 'DomainName' | 'Status' | 'LastModifiedTime' | 'Aliases' | 'Origins' | 'Enabled'
>;

/** An EC2 instance type of the catalogue `DescribeInstanceTypes` serves. */
export type FakeInstanceType = WithRequired<
  InstanceTypeInfo,
  'InstanceType' | 'VCpuInfo' | 'MemoryInfo' | 'ProcessorInfo'
>;

/** One region of one account. */
export interface FakeAwsRegion {
  name: string;
  instances: FakeInstance[];
  volumes: FakeVolume[];
  snapshots: FakeSnapshot[];
  /** Images owned by the account (`Owners: ['self']`). */
  images: FakeImage[];
  /** Images owned by Amazon and other publishers, returned only when `Owners` is not `self`. */
  publicImages: FakeImage[];
  securityGroups: FakeSecurityGroup[];
  vpcs: FakeVpc[];
  subnets: FakeSubnet[];
  routeTables: FakeRouteTable[];
  networkInterfaces: FakeNetworkInterface[];
  natGateways: FakeNatGateway[];
  networkAcls: FakeNetworkAcl[];
  vpcPeeringConnections: FakeVpcPeeringConnection[];
  vpnGateways: FakeVpnGateway[];
  vpcEndpoints: FakeVpcEndpoint[];
  classicLoadBalancers: FakeClassicLoadBalancer[];
  loadBalancers: FakeLoadBalancer[];
  targetGroups: FakeTargetGroup[];
  dbInstances: FakeDbInstance[];
}

/** One account: its regions and its global resources (S3 buckets, CloudFront distributions). */
export interface FakeAwsAccount {
  spec: AwsAccountSpec;
  regions: Record<string, FakeAwsRegion>;
  buckets: FakeBucket[];
  distributions: FakeDistribution[];
}
