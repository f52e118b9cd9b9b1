import {
  DescribeVpnGatewaysCommand,
  paginateDescribeNatGateways,
  paginateDescribeNetworkAcls,
  paginateDescribeNetworkInterfaces,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeVpcEndpoints,
  paginateDescribeVpcPeeringConnections,
  paginateDescribeVpcs,
  Tag,
} from '@aws-sdk/client-ec2';
import { cidr, clean, FailureCollector, limited } from '../translate';
import { AwsResourceList, awsName, awsRef, callOptions, placement, tagMap, tagValue } from './awsCommon';

export const securityList: AwsResourceList = {
  id: 'security-list',
  title: 'Security groups',
  iamActions: ['ec2:DescribeSecurityGroups'],
  defaultFrequencyMinutes: 24 * 60,
  async crawl(ctx, emit) {
    for await (const page of paginateDescribeSecurityGroups(
      { client: ctx.clients.ec2(ctx.region), pageSize: 1000 },
      {},
      callOptions(ctx),
    )) {
      for (const g of page.SecurityGroups ?? []) {
        if (!g.GroupId) continue;
        const rules = (g.IpPermissions ?? []).flatMap(p => {
          let ports = `${p.FromPort}-${p.ToPort}`;
          if (p.FromPort === undefined) ports = 'all';
          else if (p.FromPort === p.ToPort) ports = `${p.FromPort}`;
          const proto = p.IpProtocol === '-1' ? 'all' : p.IpProtocol;
          const sources = [
            ...(p.IpRanges ?? []).map(r => r.CidrIp),
            ...(p.Ipv6Ranges ?? []).map(r => r.CidrIpv6),
            ...(p.UserIdGroupPairs ?? []).map(r => r.GroupId),
          ].filter(Boolean);
          return sources.map(source => `ingress ${proto} ${ports} from ${source}`.slice(0, 512));
        });
        emit({
          kind: 'Network',
          providerId: g.GroupId,
          name: awsName(ctx, g.GroupId),
          title: limited(g.GroupName) ?? g.GroupId,
          spec: clean({
            type: 'security-group',
            parent: g.VpcId ? awsRef(ctx, 'Network', g.VpcId) : undefined,
            rules,
            description: limited(g.Description, 4096),
            ...placement(ctx, g.GroupId),
            tags: tagMap(g.Tags),
          }),
        });
      }
    }
  },
};

export const networkList: AwsResourceList = {
  id: 'network-list',
  title: 'Networks: VPCs, subnets, peering, VPN gateways, endpoints, route tables, interfaces, NAT gateways, ACLs',
  iamActions: [
    'ec2:DescribeVpcs',
    'ec2:DescribeSubnets',
    'ec2:DescribeVpcPeeringConnections',
    'ec2:DescribeVpnGateways',
    'ec2:DescribeVpcEndpoints',
    'ec2:DescribeRouteTables',
    'ec2:DescribeNetworkInterfaces',
    'ec2:DescribeNatGateways',
    'ec2:DescribeNetworkAcls',
  ],
  defaultFrequencyMinutes: 24 * 60,
  async crawl(ctx, emit) {
    const client = ctx.clients.ec2(ctx.region);
    const net = (id: string, title: string | undefined, spec: Record<string, unknown>, tags?: Tag[]) =>
      emit({
        kind: 'Network',
        providerId: id,
        name: awsName(ctx, id),
        title: limited(tagValue(tags, 'Name') ?? title) ?? id,
        spec: clean({ ...spec, ...placement(ctx, id, spec.zone as string | undefined), tags: tagMap(tags) }),
      });
    const parent = (vpcId?: string) => (vpcId ? awsRef(ctx, 'Network', vpcId) : undefined);
    // every call runs even when one fails, so one denied action does not hide the other networks
    const calls = new FailureCollector();
    await calls.step(async () => {
      for await (const page of paginateDescribeVpcs({ client, pageSize: 1000 }, {}, callOptions(ctx))) {
        for (const v of page.Vpcs ?? [])
          if (v.VpcId) net(v.VpcId, undefined, { type: 'vpc', cidr: cidr(v.CidrBlock), state: v.State }, v.Tags);
      }
    });
    await calls.step(async () => {
      for await (const page of paginateDescribeSubnets({ client, pageSize: 1000 }, {}, callOptions(ctx))) {
        for (const s of page.Subnets ?? []) {
          if (s.SubnetId) {
            net(
              s.SubnetId,
              undefined,
              {
                type: 'subnet',
                cidr: cidr(s.CidrBlock),
                parent: parent(s.VpcId),
                state: s.State,
                zone: s.AvailabilityZone,
              },
              s.Tags,
            );
          }
        }
      }
    });
    await calls.step(async () => {
      for await (const page of paginateDescribeVpcPeeringConnections(
        { client, pageSize: 1000 },
        {},
        callOptions(ctx),
      )) {
        for (const p of page.VpcPeeringConnections ?? []) {
          if (!p.VpcPeeringConnectionId) continue;
          const sameAccount = !p.AccepterVpcInfo?.OwnerId || p.AccepterVpcInfo.OwnerId === ctx.accountId;
          net(
            p.VpcPeeringConnectionId,
            undefined,
            {
              type: 'peering',
              parent: parent(p.RequesterVpcInfo?.VpcId),
              peer: sameAccount ? parent(p.AccepterVpcInfo?.VpcId) : undefined,
              state: p.Status?.Code,
              description: p.AccepterVpcInfo?.VpcId
                ? `peers ${p.RequesterVpcInfo?.VpcId} with ${p.AccepterVpcInfo.VpcId}`
                : undefined,
            },
            p.Tags,
          );
        }
      }
    });
    await calls.step(async () => {
      const out = await client.send(new DescribeVpnGatewaysCommand({}), callOptions(ctx));
      for (const g of out.VpnGateways ?? []) {
        if (g.VpnGatewayId) {
          net(
            g.VpnGatewayId,
            undefined,
            { type: 'vpn-gateway', parent: parent(g.VpcAttachments?.[0]?.VpcId), state: g.State },
            g.Tags,
          );
        }
      }
    });
    await calls.step(async () => {
      for await (const page of paginateDescribeVpcEndpoints({ client, pageSize: 1000 }, {}, callOptions(ctx))) {
        for (const e of page.VpcEndpoints ?? []) {
          if (e.VpcEndpointId) {
            net(
              e.VpcEndpointId,
              e.ServiceName,
              { type: 'endpoint', parent: parent(e.VpcId), state: e.State, description: e.ServiceName },
              e.Tags,
            );
          }
        }
      }
    });
    await calls.step(async () => {
      for await (const page of paginateDescribeRouteTables({ client, pageSize: 100 }, {}, callOptions(ctx))) {
        for (const t of page.RouteTables ?? []) {
          if (!t.RouteTableId) continue;
          const rules = (t.Routes ?? []).map(r =>
            `${r.DestinationCidrBlock ?? r.DestinationIpv6CidrBlock ?? r.DestinationPrefixListId} → ${
              r.GatewayId ??
              r.NatGatewayId ??
              r.VpcPeeringConnectionId ??
              r.NetworkInterfaceId ??
              r.TransitGatewayId ??
              'local'
            }`.slice(0, 512),
          );
          net(t.RouteTableId, undefined, { type: 'route-table', parent: parent(t.VpcId), rules }, t.Tags);
        }
      }
    });
    await calls.step(async () => {
      for await (const page of paginateDescribeNetworkInterfaces({ client, pageSize: 1000 }, {}, callOptions(ctx))) {
        for (const n of page.NetworkInterfaces ?? []) {
          if (n.NetworkInterfaceId) {
            net(
              n.NetworkInterfaceId,
              undefined,
              {
                type: 'port',
                parent: n.SubnetId ? awsRef(ctx, 'Network', n.SubnetId) : parent(n.VpcId),
                state: n.Status,
                description: limited(n.Description ?? n.PrivateIpAddress, 4096),
                zone: n.AvailabilityZone,
              },
              n.TagSet,
            );
          }
        }
      }
    });
    await calls.step(async () => {
      for await (const page of paginateDescribeNatGateways({ client, pageSize: 1000 }, {}, callOptions(ctx))) {
        for (const g of page.NatGateways ?? []) {
          if (g.NatGatewayId) {
            net(
              g.NatGatewayId,
              undefined,
              {
                type: 'nat-gateway',
                parent: g.SubnetId ? awsRef(ctx, 'Network', g.SubnetId) : parent(g.VpcId),
                state: g.State,
              },
              g.Tags,
            );
          }
        }
      }
    });
    await calls.step(async () => {
      for await (const page of paginateDescribeNetworkAcls({ client, pageSize: 100 }, {}, callOptions(ctx))) {
        for (const a of page.NetworkAcls ?? []) {
          if (!a.NetworkAclId) continue;
          const rules = (a.Entries ?? []).map(e =>
            `${e.Egress ? 'egress' : 'ingress'} #${e.RuleNumber} ${e.RuleAction} ${
              e.Protocol === '-1' ? 'all' : e.Protocol
            } ${e.CidrBlock ?? e.Ipv6CidrBlock}`.slice(0, 512),
          );
          net(a.NetworkAclId, undefined, { type: 'acl', parent: parent(a.VpcId), rules }, a.Tags);
        }
      }
    });
    calls.rethrow();
  },
};
