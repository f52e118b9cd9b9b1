import type { Reservation, Tag } from '@aws-sdk/client-ec2';
import { AWS_REGIONS, INSTANCE_TYPES } from '../../../world/catalog';
import type {
  FakeImage,
  FakeInstance,
  FakeInstanceType,
  FakeNatGateway,
  FakeNetworkAcl,
  FakeNetworkInterface,
  FakeRouteTable,
  FakeSecurityGroup,
  FakeSnapshot,
  FakeSubnet,
  FakeVolume,
  FakeVpc,
  FakeVpcEndpoint,
  FakeVpcPeeringConnection,
  FakeVpnGateway,
} from '../../../world/types';
import { ec2WireModel } from '../../wire/generated/ec2';
import { AwsApiError, invalidParameterValue } from '../errors';
import { FilterFields, applyFilters } from '../filters';
import { paginate } from '../pagination';
import type { ApiCall, OperationHandler, ServiceDefinition } from '../types';

/** The page-size limits of a paginated EC2 operation. */
interface PageLimits {
  min: number;
  max: number;
}

/** How an EC2 `Describe*` operation lists one resource type. */
interface Listing<T> {
  action: string;
  /** The output member holding the items. */
  resultKey: string;
  items(call: ApiCall): readonly T[];
  id(item: T): string;
  /** The query parameter of the id list (`InstanceId` for `InstanceId.N`). */
  idParam: string;
  /** The error code when a requested id does not exist, and its message. */
  notFound(ids: string[]): AwsApiError;
  filters: FilterFields<T>;
  tags?(item: T): Tag[] | undefined;
  /** Page limits; undefined for operations AWS does not paginate. */
  page?: PageLimits;
  /** Whether `MaxResults` may not be combined with the id list (as for instances and volumes). */
  idsExcludeMaxResults?: boolean;
}

function notFound(code: string, noun: string) {
  return (ids: string[]) =>
    new AwsApiError(
      code,
      ids.length === 1 ? `The ${noun} '${ids[0]}' does not exist` : `The ${noun}s '${ids.join(', ')}' do not exist`,
    );
}

function invalidToken(): AwsApiError {
  return new AwsApiError('InvalidPaginationToken', 'The pagination token is not valid or has expired.');
}

/** Validates `MaxResults` as EC2 does. */
function checkMaxResults(value: number, limits: PageLimits): void {
  if (value < limits.min) {
    throw invalidParameterValue(
      `Value ( ${value} ) for parameter maxResults is invalid. Expecting a value greater than ${limits.min}.`,
    );
  }
  if (value > limits.max) {
    throw invalidParameterValue(
      `Value ( ${value} ) for parameter maxResults is invalid. Expecting a value less than ${limits.max}.`,
    );
  }
}

/** Lists the items of a listing that the request selects: by id list, then filters, then one page. */
function select<T>(listing: Listing<T>, call: ApiCall, items: readonly T[]): { items: readonly T[]; next?: string } {
  const { params } = call;
  const ids = params.list(listing.idParam);
  const maxResults = listing.page ? params.int('MaxResults') : undefined;
  if (listing.page && maxResults !== undefined) {
    if (ids.length > 0 && listing.idsExcludeMaxResults) {
      throw new AwsApiError(
        'InvalidParameterCombination',
        `The parameter ${listing.idParam[0].toLowerCase()}${listing.idParam.slice(
          1,
        )}s cannot be used with the parameter maxResults`,
      );
    }
    checkMaxResults(maxResults, listing.page);
  }
  let selected = items;
  if (ids.length > 0) {
    const byId = new Map(items.map(item => [listing.id(item), item]));
    const missing = ids.filter(id => !byId.has(id));
    if (missing.length > 0) throw listing.notFound(missing);
    selected = [...new Set(ids)].map(id => byId.get(id)!);
  }
  selected = applyFilters(selected, params.filters(), listing.filters, listing.tags);
  if (!listing.page || (ids.length > 0 && maxResults === undefined)) {
    return { items: selected };
  }
  // Like EC2: a call without MaxResults gets every result in one answer (unless the simulator was started with a
  // defaultPageSize, to exercise clients' token handling).
  const unlimited = call.defaultPageSize(Number.POSITIVE_INFINITY) === Number.POSITIVE_INFINITY;
  if (maxResults === undefined && unlimited && !params.get('NextToken')) {
    return { items: selected };
  }
  return paginate(selected, {
    op: listing.action,
    idOf: listing.id,
    token: params.get('NextToken') || undefined,
    size: maxResults ?? call.defaultPageSize(listing.page.max),
    invalidToken,
  });
}

/** The handler of a plain `Describe*` listing. */
function describe<T>(listing: Listing<T>): OperationHandler {
  return call => {
    const page = select(listing, call, listing.items(call));
    return { [listing.resultKey]: page.items, NextToken: page.next };
  };
}

const ec2Tags = (item: { Tags?: Tag[] }) => item.Tags;

const instances: Listing<FakeInstance> = {
  action: 'DescribeInstances',
  resultKey: 'Reservations',
  items: call => call.region.instances,
  id: i => i.InstanceId,
  idParam: 'InstanceId',
  notFound: notFound('InvalidInstanceID.NotFound', 'instance ID'),
  page: { min: 5, max: 1000 },
  idsExcludeMaxResults: true,
  tags: ec2Tags,
  filters: {
    'instance-id': i => i.InstanceId,
    'instance-state-name': i => i.State.Name,
    'instance-state-code': i => i.State.Code,
    'instance-type': i => i.InstanceType,
    'image-id': i => i.ImageId,
    'vpc-id': i => i.VpcId,
    'subnet-id': i => i.SubnetId,
    'availability-zone': i => i.Placement.AvailabilityZone,
    'private-ip-address': i => i.PrivateIpAddress,
    'ip-address': i => i.PublicIpAddress,
    'private-dns-name': i => i.PrivateDnsName,
    'dns-name': i => i.PublicDnsName,
    'key-name': i => i.KeyName,
    platform: i => i.Platform,
    'platform-details': i => i.PlatformDetails,
    architecture: i => i.Architecture,
    'launch-time': i => i.LaunchTime,
    'reservation-id': i => i.ReservationId,
    'instance.group-id': i => i.SecurityGroups.map(g => g.GroupId),
    'instance.group-name': i => i.SecurityGroups.map(g => g.GroupName),
    'network-interface.network-interface-id': i => i.NetworkInterfaces.map(n => n.NetworkInterfaceId),
    'block-device-mapping.volume-id': i => i.BlockDeviceMappings.map(b => b.Ebs?.VolumeId),
  },
};

/** Groups consecutive instances of the same reservation, as `DescribeInstances` returns them. */
function reservationsOf(items: readonly FakeInstance[], ownerId: string): Reservation[] {
  const reservations: Reservation[] = [];
  let current: Reservation | undefined;
  for (const instance of items) {
    const reservationId = instance.ReservationId ?? `r-${instance.InstanceId.slice(2)}`;
    if (!current || current.ReservationId !== reservationId) {
      current = {
        ReservationId: reservationId,
        OwnerId: ownerId,
        Groups: [],
        Instances: [],
      };
      reservations.push(current);
    }
    current.Instances!.push(instance);
  }
  return reservations;
}

const describeInstances: OperationHandler = call => {
  const page = select(instances, call, call.region.instances);
  return {
    Reservations: reservationsOf(page.items, call.identity.account.spec.accountId),
    NextToken: page.next,
  };
};

const volumes: Listing<FakeVolume> = {
  action: 'DescribeVolumes',
  resultKey: 'Volumes',
  items: call => call.region.volumes,
  id: v => v.VolumeId,
  idParam: 'VolumeId',
  notFound: notFound('InvalidVolume.NotFound', 'volume'),
  page: { min: 5, max: 500 },
  idsExcludeMaxResults: true,
  tags: ec2Tags,
  filters: {
    'volume-id': v => v.VolumeId,
    status: v => v.State,
    'volume-type': v => v.VolumeType,
    size: v => v.Size,
    'availability-zone': v => v.AvailabilityZone,
    encrypted: v => v.Encrypted,
    'snapshot-id': v => v.SnapshotId,
    'create-time': v => v.CreateTime,
    'attachment.instance-id': v => v.Attachments.map(a => a.InstanceId),
    'attachment.device': v => v.Attachments.map(a => a.Device),
    'attachment.status': v => v.Attachments.map(a => a.State),
    'attachment.delete-on-termination': v => v.Attachments.map(a => a.DeleteOnTermination),
  },
};

/** Whether an owner value (`self`, an account id) designates the caller's account. */
function isSelf(call: ApiCall, owner: string): boolean {
  return owner === 'self' || owner === call.identity.account.spec.accountId;
}

const snapshots: Listing<FakeSnapshot> = {
  action: 'DescribeSnapshots',
  resultKey: 'Snapshots',
  items: call => {
    const owners = call.params.list('Owner');
    if (owners.length === 0 || owners.some(o => isSelf(call, o))) {
      return call.region.snapshots;
    }
    return [];
  },
  id: s => s.SnapshotId,
  idParam: 'SnapshotId',
  notFound: notFound('InvalidSnapshot.NotFound', 'snapshot'),
  page: { min: 5, max: 1000 },
  tags: ec2Tags,
  filters: {
    'snapshot-id': s => s.SnapshotId,
    'volume-id': s => s.VolumeId,
    status: s => s.State,
    'owner-id': s => s.OwnerId,
    'volume-size': s => s.VolumeSize,
    encrypted: s => s.Encrypted,
    description: s => s.Description,
    'start-time': s => s.StartTime,
  },
};

const images: Listing<FakeImage> = {
  action: 'DescribeImages',
  resultKey: 'Images',
  items: call => {
    const owners = call.params.list('Owner');
    const { images: own, publicImages } = call.region;
    if (owners.length === 0) return [...own, ...publicImages];
    const result: FakeImage[] = [];
    if (owners.some(o => isSelf(call, o))) result.push(...own);
    result.push(
      ...publicImages.filter(image =>
        owners.some(o => o === image.OwnerId || (o === 'amazon' && image.ImageOwnerAlias === 'amazon')),
      ),
    );
    return result;
  },
  id: i => i.ImageId,
  idParam: 'ImageId',
  notFound: ids => new AwsApiError('InvalidAMIID.NotFound', `The image id '[${ids.join(', ')}]' does not exist`),
  page: { min: 5, max: 1000 },
  idsExcludeMaxResults: true,
  tags: ec2Tags,
  filters: {
    'image-id': i => i.ImageId,
    name: i => i.Name,
    state: i => i.State,
    architecture: i => i.Architecture,
    'owner-id': i => i.OwnerId,
    'owner-alias': i => i.ImageOwnerAlias,
    'is-public': i => i.Public,
    platform: i => i.Platform,
    'image-type': i => i.ImageType,
    'root-device-type': i => i.RootDeviceType,
    'virtualization-type': i => i.VirtualizationType,
  },
};

const securityGroups: Listing<FakeSecurityGroup> = {
  action: 'DescribeSecurityGroups',
  resultKey: 'SecurityGroups',
  items: call => {
    const names = call.params.list('GroupName');
    const all = call.region.securityGroups;
    if (names.length === 0) return all;
    const missing = names.filter(n => !all.some(g => g.GroupName === n));
    if (missing.length > 0) {
      throw new AwsApiError(
        'InvalidGroup.NotFound',
        `The security group '${missing[0]}' does not exist in default VPC`,
      );
    }
    return all.filter(g => names.includes(g.GroupName));
  },
  id: g => g.GroupId,
  idParam: 'GroupId',
  notFound: notFound('InvalidGroup.NotFound', 'security group'),
  page: { min: 5, max: 1000 },
  idsExcludeMaxResults: true,
  tags: ec2Tags,
  filters: {
    'group-id': g => g.GroupId,
    'group-name': g => g.GroupName,
    'vpc-id': g => g.VpcId,
    'owner-id': g => g.OwnerId,
    description: g => g.Description,
  },
};

const vpcs: Listing<FakeVpc> = {
  action: 'DescribeVpcs',
  resultKey: 'Vpcs',
  items: call => call.region.vpcs,
  id: v => v.VpcId,
  idParam: 'VpcId',
  notFound: notFound('InvalidVpcID.NotFound', 'vpc ID'),
  page: { min: 5, max: 1000 },
  tags: ec2Tags,
  filters: {
    'vpc-id': v => v.VpcId,
    'cidr-block': v => v.CidrBlock,
    cidr: v => v.CidrBlock,
    state: v => v.State,
    'is-default': v => v.IsDefault,
    'owner-id': v => v.OwnerId,
    'dhcp-options-id': v => v.DhcpOptionsId,
  },
};

const subnets: Listing<FakeSubnet> = {
  action: 'DescribeSubnets',
  resultKey: 'Subnets',
  items: call => call.region.subnets,
  id: s => s.SubnetId,
  idParam: 'SubnetId',
  notFound: notFound('InvalidSubnetID.NotFound', 'subnet ID'),
  page: { min: 5, max: 1000 },
  tags: ec2Tags,
  filters: {
    'subnet-id': s => s.SubnetId,
    'vpc-id': s => s.VpcId,
    'availability-zone': s => s.AvailabilityZone,
    'cidr-block': s => s.CidrBlock,
    state: s => s.State,
    'default-for-az': s => s.DefaultForAz,
    'map-public-ip-on-launch': s => s.MapPublicIpOnLaunch,
    'owner-id': s => s.OwnerId,
  },
};

const peerings: Listing<FakeVpcPeeringConnection> = {
  action: 'DescribeVpcPeeringConnections',
  resultKey: 'VpcPeeringConnections',
  items: call => call.region.vpcPeeringConnections,
  id: p => p.VpcPeeringConnectionId,
  idParam: 'VpcPeeringConnectionId',
  notFound: notFound('InvalidVpcPeeringConnectionID.NotFound', 'vpcPeeringConnection ID'),
  page: { min: 5, max: 1000 },
  tags: ec2Tags,
  filters: {
    'vpc-peering-connection-id': p => p.VpcPeeringConnectionId,
    'status-code': p => p.Status.Code,
    'requester-vpc-info.vpc-id': p => p.RequesterVpcInfo.VpcId,
    'requester-vpc-info.owner-id': p => p.RequesterVpcInfo.OwnerId,
    'accepter-vpc-info.vpc-id': p => p.AccepterVpcInfo.VpcId,
    'accepter-vpc-info.owner-id': p => p.AccepterVpcInfo.OwnerId,
  },
};

const vpnGateways: Listing<FakeVpnGateway> = {
  action: 'DescribeVpnGateways',
  resultKey: 'VpnGateways',
  items: call => call.region.vpnGateways,
  id: g => g.VpnGatewayId,
  idParam: 'VpnGatewayId',
  notFound: notFound('InvalidVpnGatewayID.NotFound', 'vpnGateway ID'),
  tags: ec2Tags,
  filters: {
    'vpn-gateway-id': g => g.VpnGatewayId,
    state: g => g.State,
    type: g => g.Type,
    'amazon-side-asn': g => g.AmazonSideAsn,
    'attachment.vpc-id': g => g.VpcAttachments.map(a => a.VpcId),
    'attachment.state': g => g.VpcAttachments.map(a => a.State),
  },
};

const vpcEndpoints: Listing<FakeVpcEndpoint> = {
  action: 'DescribeVpcEndpoints',
  resultKey: 'VpcEndpoints',
  items: call => call.region.vpcEndpoints,
  id: e => e.VpcEndpointId,
  idParam: 'VpcEndpointId',
  notFound: notFound('InvalidVpcEndpointId.NotFound', 'Vpc Endpoint Id'),
  page: { min: 1, max: 1000 },
  tags: ec2Tags,
  filters: {
    'vpc-endpoint-id': e => e.VpcEndpointId,
    'vpc-id': e => e.VpcId,
    'service-name': e => e.ServiceName,
    'vpc-endpoint-state': e => e.State,
    'vpc-endpoint-type': e => e.VpcEndpointType,
  },
};

const routeTables: Listing<FakeRouteTable> = {
  action: 'DescribeRouteTables',
  resultKey: 'RouteTables',
  items: call => call.region.routeTables,
  id: r => r.RouteTableId,
  idParam: 'RouteTableId',
  notFound: notFound('InvalidRouteTableID.NotFound', 'routeTable ID'),
  page: { min: 5, max: 100 },
  tags: ec2Tags,
  filters: {
    'route-table-id': r => r.RouteTableId,
    'vpc-id': r => r.VpcId,
    'owner-id': r => r.OwnerId,
    'association.subnet-id': r => r.Associations.map(a => a.SubnetId),
    'association.main': r => r.Associations.map(a => a.Main),
    'association.route-table-association-id': r => r.Associations.map(a => a.RouteTableAssociationId),
  },
};

const networkInterfaces: Listing<FakeNetworkInterface> = {
  action: 'DescribeNetworkInterfaces',
  resultKey: 'NetworkInterfaces',
  items: call => call.region.networkInterfaces,
  id: n => n.NetworkInterfaceId,
  idParam: 'NetworkInterfaceId',
  notFound: notFound('InvalidNetworkInterfaceID.NotFound', 'networkInterface ID'),
  page: { min: 5, max: 1000 },
  tags: n => n.TagSet,
  filters: {
    'network-interface-id': n => n.NetworkInterfaceId,
    'subnet-id': n => n.SubnetId,
    'vpc-id': n => n.VpcId,
    'availability-zone': n => n.AvailabilityZone,
    'private-ip-address': n => n.PrivateIpAddress,
    'addresses.private-ip-address': n => (n.PrivateIpAddresses ?? []).map(p => p.PrivateIpAddress),
    'association.public-ip': n => n.Association?.PublicIp,
    status: n => n.Status,
    'interface-type': n => n.InterfaceType,
    'attachment.instance-id': n => n.Attachment?.InstanceId,
    'requester-id': n => n.RequesterId,
    'requester-managed': n => n.RequesterManaged,
    description: n => n.Description,
    'group-id': n => (n.Groups ?? []).map(g => g.GroupId),
    'owner-id': n => n.OwnerId,
  },
};

const natGateways: Listing<FakeNatGateway> = {
  action: 'DescribeNatGateways',
  resultKey: 'NatGateways',
  items: call => call.region.natGateways,
  id: n => n.NatGatewayId,
  idParam: 'NatGatewayId',
  notFound: ids => new AwsApiError('NatGatewayNotFound', `The Nat Gateway ${ids[0]} was not found`),
  page: { min: 5, max: 1000 },
  tags: ec2Tags,
  filters: {
    'nat-gateway-id': n => n.NatGatewayId,
    state: n => n.State,
    'subnet-id': n => n.SubnetId,
    'vpc-id': n => n.VpcId,
  },
};

const networkAcls: Listing<FakeNetworkAcl> = {
  action: 'DescribeNetworkAcls',
  resultKey: 'NetworkAcls',
  items: call => call.region.networkAcls,
  id: a => a.NetworkAclId,
  idParam: 'NetworkAclId',
  notFound: notFound('InvalidNetworkAclID.NotFound', 'network ACL'),
  page: { min: 5, max: 100 },
  tags: ec2Tags,
  filters: {
    'network-acl-id': a => a.NetworkAclId,
    'vpc-id': a => a.VpcId,
    default: a => a.IsDefault,
    'owner-id': a => a.OwnerId,
    'association.subnet-id': a => a.Associations.map(s => s.SubnetId),
  },
};

const instanceTypes: Listing<FakeInstanceType> = {
  action: 'DescribeInstanceTypes',
  resultKey: 'InstanceTypes',
  items: () => INSTANCE_TYPES,
  id: t => t.InstanceType,
  idParam: 'InstanceType',
  notFound: ids =>
    new AwsApiError('InvalidInstanceType', `The following supplied instance types do not exist: [${ids.join(', ')}]`),
  page: { min: 5, max: 100 },
  filters: {
    'instance-type': t => t.InstanceType,
    'current-generation': t => t.CurrentGeneration,
    'free-tier-eligible': t => t.FreeTierEligible,
    'burstable-performance-supported': t => t.BurstablePerformanceSupported,
    'processor-info.supported-architecture': t => t.ProcessorInfo.SupportedArchitectures,
    'vcpu-info.default-vcpus': t => t.VCpuInfo.DefaultVCpus,
    'memory-info.size-in-mib': t => t.MemoryInfo.SizeInMiB,
    hypervisor: t => t.Hypervisor,
  },
};

/**
 * `DescribeRegions`: the regions enabled for the caller's account (`opt-in-not-required`); with `AllRegions`, also
 * the other known regions as `not-opted-in`.
 */
const describeRegions: OperationHandler = call => {
  const enabled = new Set(call.identity.account.spec.regions);
  const all = call.params.bool('AllRegions');
  const names = [
    ...call.identity.account.spec.regions,
    ...(all ? AWS_REGIONS.map(r => r.name).filter(n => !enabled.has(n)) : []),
  ];
  const regions = names.map(name => ({
    RegionName: name,
    Endpoint: `ec2.${name}.amazonaws.com`,
    OptInStatus: enabled.has(name) ? 'opt-in-not-required' : 'not-opted-in',
  }));
  const requested = call.params.list('RegionName');
  const unknown = requested.filter(r => !regions.some(x => x.RegionName === r));
  if (unknown.length > 0) {
    throw invalidParameterValue(`Invalid region name(s): ${unknown.join(', ')}`);
  }
  const selected = requested.length ? regions.filter(r => requested.includes(r.RegionName)) : regions;
  return {
    Regions: applyFilters(selected, call.params.filters(), {
      'region-name': r => r.RegionName,
      endpoint: r => r.Endpoint,
      'opt-in-status': r => r.OptInStatus,
    }),
  };
};

/** The simulated EC2 API (EC2 query protocol, version 2016-11-15). */
export const ec2Service: ServiceDefinition = {
  name: 'ec2',
  protocol: 'ec2',
  xmlNamespace: 'http://ec2.amazonaws.com/doc/2016-11-15/',
  model: ec2WireModel,
  iamAction: action => `ec2:${action}`,
  operations: {
    DescribeInstances: describeInstances,
    DescribeVolumes: describe(volumes),
    DescribeSnapshots: describe(snapshots),
    DescribeImages: describe(images),
    DescribeSecurityGroups: describe(securityGroups),
    DescribeVpcs: describe(vpcs),
    DescribeSubnets: describe(subnets),
    DescribeVpcPeeringConnections: describe(peerings),
    DescribeVpnGateways: describe(vpnGateways),
    DescribeVpcEndpoints: describe(vpcEndpoints),
    DescribeRouteTables: describe(routeTables),
    DescribeNetworkInterfaces: describe(networkInterfaces),
    DescribeNatGateways: describe(natGateways),
    DescribeNetworkAcls: describe(networkAcls),
    DescribeInstanceTypes: describe(instanceTypes),
    DescribeRegions: describeRegions,
  },
};
