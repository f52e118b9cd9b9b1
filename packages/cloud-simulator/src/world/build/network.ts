import type { IpPermission } from '@aws-sdk/client-ec2';
import { ENVIRONMENT_WEIGHTS, ROLES, TEAMS, envShort } from '../catalog';
import type { FakeNetworkInterface, FakeSecurityGroup, FakeSubnet, FakeVpc, FakeVpcEndpoint } from '../types';
import { RegionContext, intToIp, ipToInt } from './context';

/** How many resources of the network layer to generate. */
export interface NetworkSizes {
  vpcs: number;
  subnets: number;
  securityGroups: number;
  natGateways: number;
  vpcEndpoints: number;
  vpnGateways: number;
  peeringConnections: number;
  /** Private addresses the region will need (instances, load balancers, databases …), to size the subnets. */
  addressesNeeded: number;
}

const ALL_TRAFFIC: IpPermission = {
  IpProtocol: '-1',
  IpRanges: [{ CidrIp: '0.0.0.0/0' }],
  Ipv6Ranges: [],
  PrefixListIds: [],
  UserIdGroupPairs: [],
};

function tcp(port: number, cidr: string, description?: string): IpPermission {
  return {
    IpProtocol: 'tcp',
    FromPort: port,
    ToPort: port,
    IpRanges: [{ CidrIp: cidr, Description: description }],
    Ipv6Ranges: [],
    PrefixListIds: [],
    UserIdGroupPairs: [],
  };
}

/** The ingress rules of a security group serving `role`. */
function ingressFor(role: string, vpcCidr: string): IpPermission[] {
  switch (role) {
    case 'web':
      return [tcp(80, '0.0.0.0/0', 'HTTP'), tcp(443, '0.0.0.0/0', 'HTTPS'), tcp(22, vpcCidr, 'SSH from the VPC')];
    case 'api':
    case 'search':
      return [tcp(8080, vpcCidr, 'service port'), tcp(22, vpcCidr)];
    case 'cache':
      return [tcp(6379, vpcCidr, 'Redis')];
    case 'queue':
      return [tcp(5672, vpcCidr, 'AMQP')];
    case 'bastion':
      return [tcp(22, '0.0.0.0/0', 'SSH')];
    case 'monitoring':
      return [tcp(9090, vpcCidr, 'Prometheus'), tcp(3000, vpcCidr)];
    default:
      return [tcp(22, vpcCidr)];
  }
}

/** Host bits of generated subnets: enough addresses for the region, and all subnets fitting their VPC's /16. */
function subnetHostBits(sizes: NetworkSizes, subnetsPerVpc: number): number {
  const perSubnet = Math.ceil((sizes.addressesNeeded * 1.3) / sizes.subnets) + 8;
  const needed = Math.ceil(Math.log2(perSubnet + 5));
  const fit = 16 - Math.ceil(Math.log2(Math.max(1, subnetsPerVpc)));
  return Math.max(4, Math.min(Math.max(8, needed), fit));
}

function createVpcs(ctx: RegionContext, count: number): FakeVpc[] {
  const { rng, region, accountId } = ctx;
  const vpcs: FakeVpc[] = [];
  for (let i = 0; i < count; i++) {
    const isDefault = i === 0;
    const cidr = isDefault ? '172.31.0.0/16' : `10.${(i - 1) % 256}.0.0/16`;
    const env = isDefault ? undefined : rng.weighted(ENVIRONMENT_WEIGHTS);
    const name = isDefault ? undefined : `${envShort(env!)}-vpc-${i}`;
    const vpc: FakeVpc = {
      VpcId: rng.id('vpc'),
      CidrBlock: cidr,
      State: 'available',
      IsDefault: isDefault,
      OwnerId: accountId,
      InstanceTenancy: 'default',
      DhcpOptionsId: rng.id('dopt'),
      CidrBlockAssociationSet: [
        {
          AssociationId: rng.id('vpc-cidr-assoc'),
          CidrBlock: cidr,
          CidrBlockState: { State: 'associated' },
        },
      ],
      Tags: ctx.tags({ Name: name, environment: env }),
    };
    vpcs.push(vpc);
    region.vpcs.push(vpc);
  }
  return vpcs;
}

function createSubnets(ctx: RegionContext, vpcs: FakeVpc[], sizes: NetworkSizes): FakeSubnet[] {
  const { rng, region, accountId } = ctx;
  const perVpc = Math.ceil(sizes.subnets / vpcs.length);
  const hostBits = subnetHostBits(sizes, perVpc);
  const subnets: FakeSubnet[] = [];
  for (let i = 0; i < sizes.subnets; i++) {
    const vpc = vpcs[i % vpcs.length];
    const indexInVpc = Math.floor(i / vpcs.length);
    const base = ipToInt(vpc.CidrBlock.split('/')[0]) + indexInVpc * 2 ** hostBits;
    const cidr = `${intToIp(base)}/${32 - hostBits}`;
    const az = ctx.azs[indexInVpc % ctx.azs.length];
    const isPublic = vpc.IsDefault || indexInVpc % 3 === 0;
    const vpcName = vpc.Tags.find(t => t.Key === 'Name')?.Value ?? 'default';
    const subnetId = rng.id('subnet');
    const subnet: FakeSubnet = {
      SubnetId: subnetId,
      SubnetArn: `arn:aws:ec2:${region.name}:${accountId}:subnet/${subnetId}`,
      VpcId: vpc.VpcId,
      CidrBlock: cidr,
      AvailabilityZone: az,
      AvailabilityZoneId: `${region.name.replace(/-/g, '').slice(0, 4)}-az${ctx.azs.indexOf(az) + 1}`,
      AvailableIpAddressCount: 2 ** hostBits - 5,
      State: 'available',
      DefaultForAz: vpc.IsDefault && indexInVpc < ctx.azs.length,
      MapPublicIpOnLaunch: isPublic,
      AssignIpv6AddressOnCreation: false,
      Ipv6CidrBlockAssociationSet: [],
      OwnerId: accountId,
      Tags: vpc.IsDefault
        ? []
        : ctx.tags({
            Name: `${vpcName}-${isPublic ? 'public' : 'private'}-${az.slice(-1)}${indexInVpc}`,
            tier: isPublic ? 'public' : 'private',
          }),
    };
    subnets.push(subnet);
    region.subnets.push(subnet);
    ctx.indexSubnet(subnet);
  }
  return subnets;
}

function createSecurityGroups(ctx: RegionContext, vpcs: FakeVpc[], count: number): void {
  const { rng, region, accountId } = ctx;
  const total = Math.max(count, vpcs.length);
  for (let i = 0; i < total; i++) {
    const vpc = vpcs[i % vpcs.length];
    const isDefault = i < vpcs.length;
    const role = rng.pick(ROLES);
    const team = rng.pick(TEAMS);
    const groupId = rng.id('sg');
    const name = isDefault ? 'default' : `${role}-${team}-sg-${i}`;
    const group: FakeSecurityGroup = {
      GroupId: groupId,
      GroupName: name,
      Description: isDefault ? 'default VPC security group' : `${role} servers of team ${team}`,
      VpcId: vpc.VpcId,
      OwnerId: accountId,
      SecurityGroupArn: `arn:aws:ec2:${region.name}:${accountId}:security-group/${groupId}`,
      IpPermissions: isDefault
        ? [
            {
              IpProtocol: '-1',
              IpRanges: [],
              Ipv6Ranges: [],
              PrefixListIds: [],
              UserIdGroupPairs: [{ GroupId: groupId, UserId: accountId }],
            },
          ]
        : ingressFor(role, vpc.CidrBlock),
      IpPermissionsEgress: [ALL_TRAFFIC],
      Tags: isDefault ? [] : ctx.tags({ Name: name, role, team }),
    };
    region.securityGroups.push(group);
    ctx.indexGroup(group);
  }
}

/** Creates a network interface of an AWS-managed resource (NAT gateway, load balancer, endpoint, database). */
export function createManagedInterface(
  ctx: RegionContext,
  subnet: FakeSubnet,
  options: {
    description: string;
    interfaceType: string;
    requesterId: string;
    groups?: FakeSecurityGroup[];
    publicIp?: string;
  },
): FakeNetworkInterface | undefined {
  const { rng, region, accountId } = ctx;
  const ip = ctx.privateIp(subnet);
  if (!ip) return undefined;
  const dns = `ip-${ip.replace(/\./g, '-')}.${
    region.name === 'us-east-1' ? 'ec2.internal' : `${region.name}.compute.internal`
  }`;
  const association = options.publicIp ? { PublicIp: options.publicIp, IpOwnerId: 'amazon' } : undefined;
  const eni: FakeNetworkInterface = {
    NetworkInterfaceId: rng.id('eni'),
    SubnetId: subnet.SubnetId,
    VpcId: subnet.VpcId,
    AvailabilityZone: subnet.AvailabilityZone,
    Description: options.description,
    InterfaceType: options.interfaceType as FakeNetworkInterface['InterfaceType'],
    MacAddress: ctx.macAddress(),
    OwnerId: accountId,
    RequesterId: options.requesterId,
    RequesterManaged: true,
    PrivateIpAddress: ip,
    PrivateDnsName: dns,
    PrivateIpAddresses: [
      {
        Primary: true,
        PrivateIpAddress: ip,
        PrivateDnsName: dns,
        Association: association,
      },
    ],
    Association: association,
    Groups: (options.groups ?? []).map(g => ({
      GroupId: g.GroupId,
      GroupName: g.GroupName,
    })),
    SourceDestCheck: true,
    Status: 'in-use',
    Ipv6Addresses: [],
    TagSet: [],
  };
  region.networkInterfaces.push(eni);
  return eni;
}

function createNatGateways(ctx: RegionContext, publicSubnets: FakeSubnet[], count: number): Map<string, string> {
  const { rng, region } = ctx;
  const natByVpc = new Map<string, string>();
  for (let i = 0; i < count && publicSubnets.length > 0; i++) {
    const subnet = publicSubnets[i % publicSubnets.length];
    const natId = rng.id('nat');
    const publicIp = ctx.publicIp();
    const eni = createManagedInterface(ctx, subnet, {
      description: `Interface for NAT Gateway ${natId}`,
      interfaceType: 'nat_gateway',
      requesterId: rng.int(100000000000, 999999999999).toString(),
      publicIp,
    });
    const state = i % 11 === 10 ? 'pending' : 'available';
    region.natGateways.push({
      NatGatewayId: natId,
      SubnetId: subnet.SubnetId,
      VpcId: subnet.VpcId,
      State: state,
      ConnectivityType: 'public',
      CreateTime: rng.dateBefore(ctx.now, 700),
      NatGatewayAddresses: [
        {
          AllocationId: rng.id('eipalloc'),
          NetworkInterfaceId: eni?.NetworkInterfaceId,
          PrivateIp: eni?.PrivateIpAddress,
          PublicIp: publicIp,
          AssociationId: rng.id('eipassoc'),
          IsPrimary: true,
          Status: 'succeeded',
        },
      ],
      Tags: ctx.tags({ Name: `nat-${subnet.AvailabilityZone}-${i}` }),
    });
    if (!natByVpc.has(subnet.VpcId)) natByVpc.set(subnet.VpcId, natId);
  }
  return natByVpc;
}

function createRouteTablesAndAcls(ctx: RegionContext, vpcs: FakeVpc[], natByVpc: Map<string, string>): void {
  const { rng, region, accountId } = ctx;
  for (const vpc of vpcs) {
    const igw = rng.id('igw');
    const local = {
      DestinationCidrBlock: vpc.CidrBlock,
      GatewayId: 'local',
      Origin: 'CreateRouteTable' as const,
      State: 'active' as const,
    };
    const subnets = ctx.subnetsOf(vpc.VpcId);
    const publicSubnets = subnets.filter(s => s.MapPublicIpOnLaunch);
    const privateSubnets = subnets.filter(s => !s.MapPublicIpOnLaunch);
    const mainId = rng.id('rtb');
    region.routeTables.push({
      RouteTableId: mainId,
      VpcId: vpc.VpcId,
      OwnerId: accountId,
      Routes: [
        local,
        {
          DestinationCidrBlock: '0.0.0.0/0',
          GatewayId: igw,
          Origin: 'CreateRoute',
          State: 'active',
        },
      ],
      Associations: [
        {
          Main: true,
          RouteTableAssociationId: rng.id('rtbassoc'),
          RouteTableId: mainId,
          AssociationState: { State: 'associated' },
        },
        ...publicSubnets.map(s => ({
          Main: false,
          RouteTableAssociationId: rng.id('rtbassoc'),
          RouteTableId: mainId,
          SubnetId: s.SubnetId,
          AssociationState: { State: 'associated' as const },
        })),
      ],
      PropagatingVgws: [],
      Tags: ctx.tags({ Name: vpc.IsDefault ? undefined : 'public' }),
    });
    if (privateSubnets.length > 0) {
      const privateId = rng.id('rtb');
      const nat = natByVpc.get(vpc.VpcId);
      region.routeTables.push({
        RouteTableId: privateId,
        VpcId: vpc.VpcId,
        OwnerId: accountId,
        Routes: nat
          ? [
              local,
              {
                DestinationCidrBlock: '0.0.0.0/0',
                NatGatewayId: nat,
                Origin: 'CreateRoute',
                State: 'active',
              },
            ]
          : [local],
        Associations: privateSubnets.map(s => ({
          Main: false,
          RouteTableAssociationId: rng.id('rtbassoc'),
          RouteTableId: privateId,
          SubnetId: s.SubnetId,
          AssociationState: { State: 'associated' as const },
        })),
        PropagatingVgws: [],
        Tags: ctx.tags({ Name: 'private' }),
      });
    }
    const aclId = rng.id('acl');
    region.networkAcls.push({
      NetworkAclId: aclId,
      VpcId: vpc.VpcId,
      IsDefault: true,
      OwnerId: accountId,
      Entries: [false, true].flatMap(egress => [
        {
          RuleNumber: 100,
          Protocol: '-1',
          RuleAction: 'allow' as const,
          Egress: egress,
          CidrBlock: '0.0.0.0/0',
        },
        {
          RuleNumber: 32767,
          Protocol: '-1',
          RuleAction: 'deny' as const,
          Egress: egress,
          CidrBlock: '0.0.0.0/0',
        },
      ]),
      Associations: subnets.map(s => ({
        NetworkAclAssociationId: rng.id('aclassoc'),
        NetworkAclId: aclId,
        SubnetId: s.SubnetId,
      })),
      Tags: [],
    });
  }
}

const INTERFACE_ENDPOINT_SERVICES = ['ssm', 'ecr.api', 'ecr.dkr', 'logs', 'sts', 'secretsmanager', 'kms'];

function createVpcEndpoints(ctx: RegionContext, vpcs: FakeVpc[], count: number): void {
  const { rng, region, accountId } = ctx;
  for (let i = 0; i < count; i++) {
    const vpc = vpcs[i % vpcs.length];
    const gateway = i < vpcs.length;
    const service = gateway
      ? 's3'
      : INTERFACE_ENDPOINT_SERVICES[(i - vpcs.length) % INTERFACE_ENDPOINT_SERVICES.length];
    const id = rng.id('vpce');
    const subnets = ctx.subnetsOf(vpc.VpcId).filter(s => !s.MapPublicIpOnLaunch);
    const subnet = subnets[0] ?? ctx.subnetsOf(vpc.VpcId)[0];
    const groups = ctx.groupsOf(vpc.VpcId).slice(0, 1);
    const eni =
      !gateway && subnet
        ? createManagedInterface(ctx, subnet, {
            description: `VPC Endpoint Interface ${id}`,
            interfaceType: 'vpc_endpoint',
            requesterId: rng.int(100000000000, 999999999999).toString(),
            groups,
          })
        : undefined;
    region.vpcEndpoints.push({
      VpcEndpointId: id,
      VpcEndpointType: gateway ? 'Gateway' : 'Interface',
      VpcId: vpc.VpcId,
      ServiceName: `com.amazonaws.${region.name}.${service}`,
      // EC2 reports endpoint states in lower case, unlike the SDK's `State` enum.
      State: 'available' as FakeVpcEndpoint['State'],
      PolicyDocument: gateway
        ? '{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}'
        : undefined,
      RouteTableIds: gateway ? region.routeTables.filter(r => r.VpcId === vpc.VpcId).map(r => r.RouteTableId) : [],
      SubnetIds: eni ? [subnet.SubnetId] : [],
      Groups: gateway ? [] : groups.map(g => ({ GroupId: g.GroupId, GroupName: g.GroupName })),
      PrivateDnsEnabled: !gateway,
      RequesterManaged: false,
      NetworkInterfaceIds: eni ? [eni.NetworkInterfaceId] : [],
      DnsEntries: gateway
        ? []
        : [
            {
              DnsName: `${id}-${rng.chars(8, 'abcdefghijklmnopqrstuvwxyz0123456789')}.${service}.${
                region.name
              }.vpce.amazonaws.com`,
              HostedZoneId: 'Z7HUB22UULQXV',
            },
          ],
      CreationTimestamp: rng.dateBefore(ctx.now, 900),
      OwnerId: accountId,
      IpAddressType: 'ipv4',
      Tags: ctx.tags({ Name: `${service}-endpoint` }),
    });
  }
}

function createVpnGateways(ctx: RegionContext, vpcs: FakeVpc[], count: number): void {
  const { rng, region } = ctx;
  for (let i = 0; i < count; i++) {
    const vpc = vpcs[i % vpcs.length];
    const attached = i < vpcs.length;
    region.vpnGateways.push({
      VpnGatewayId: rng.id('vgw'),
      State: 'available',
      Type: 'ipsec.1',
      AmazonSideAsn: 64512 + i,
      VpcAttachments: attached ? [{ VpcId: vpc.VpcId, State: 'attached' }] : [],
      Tags: ctx.tags({ Name: `vpn-office-${i}` }),
    });
  }
}

function createPeerings(ctx: RegionContext, vpcs: FakeVpc[], count: number): void {
  const { rng, region, accountId } = ctx;
  for (let i = 0; i < count; i++) {
    const requester = vpcs[i % vpcs.length];
    const accepter = vpcs.length > 1 ? vpcs[(i + 1) % vpcs.length] : undefined;
    const peerOwner = accepter ? accountId : rng.int(100000000000, 999999999999).toString();
    region.vpcPeeringConnections.push({
      VpcPeeringConnectionId: rng.id('pcx'),
      RequesterVpcInfo: {
        VpcId: requester.VpcId,
        OwnerId: accountId,
        CidrBlock: requester.CidrBlock,
        Region: region.name,
        CidrBlockSet: [{ CidrBlock: requester.CidrBlock }],
      },
      AccepterVpcInfo: {
        VpcId: accepter?.VpcId ?? rng.id('vpc'),
        OwnerId: peerOwner,
        CidrBlock: accepter?.CidrBlock ?? `192.168.${i % 256}.0/24`,
        Region: region.name,
      },
      Status: { Code: 'active', Message: 'Active' },
      Tags: ctx.tags({ Name: `peering-${i}` }),
    });
  }
}

/** Generates the network layer of a region: VPCs, subnets, security groups, routing, gateways, endpoints. */
export function buildNetwork(ctx: RegionContext, sizes: NetworkSizes): void {
  const vpcs = createVpcs(ctx, Math.max(1, sizes.vpcs));
  const subnets = createSubnets(ctx, vpcs, {
    ...sizes,
    subnets: Math.max(1, sizes.subnets),
  });
  createSecurityGroups(ctx, vpcs, sizes.securityGroups);
  const publicSubnets = subnets.filter(s => s.MapPublicIpOnLaunch && !vpcs.find(v => v.VpcId === s.VpcId)?.IsDefault);
  const natByVpc = createNatGateways(ctx, publicSubnets.length > 0 ? publicSubnets : subnets, sizes.natGateways);
  createRouteTablesAndAcls(ctx, vpcs, natByVpc);
  createVpcEndpoints(ctx, vpcs, sizes.vpcEndpoints);
  createVpnGateways(ctx, vpcs, sizes.vpnGateways);
  createPeerings(ctx, vpcs, sizes.peeringConnections);
}
