import { APPS, ENVIRONMENT_WEIGHTS, TEAMS, envShort, regionZoneIds } from '../catalog';
import type {
  FakeInstance,
  FakeListener,
  FakeLoadBalancer,
  FakeSubnet,
  FakeTarget,
  FakeTargetGroup,
  FakeVpc,
} from '../types';
import { RegionContext } from './context';
import { createManagedInterface } from './network';

/** Subnets of a VPC in distinct availability zones (public ones first), at most `max`. */
function subnetsAcrossZones(ctx: RegionContext, vpcId: string, max: number): FakeSubnet[] {
  const subnets = [...ctx.subnetsOf(vpcId)].sort(
    (a, b) => Number(b.MapPublicIpOnLaunch) - Number(a.MapPublicIpOnLaunch),
  );
  const byZone = new Map<string, FakeSubnet>();
  for (const subnet of subnets) {
    if (!byZone.has(subnet.AvailabilityZone)) byZone.set(subnet.AvailabilityZone, subnet);
  }
  return [...byZone.values()].slice(0, max);
}

/** A VPC that has subnets, preferring ones with instances. */
function pickVpc(ctx: RegionContext): FakeVpc {
  const { rng, region } = ctx;
  const withInstances = region.vpcs.filter(
    v => ctx.instancesOf(v.VpcId).length > 0 && ctx.subnetsOf(v.VpcId).length > 0,
  );
  if (withInstances.length > 0) return rng.pick(withInstances);
  return rng.pick(region.vpcs.filter(v => ctx.subnetsOf(v.VpcId).length > 0));
}

function elbName(ctx: RegionContext, kind: string, index: number) {
  const app = ctx.rng.pick(APPS);
  const env = ctx.rng.weighted(ENVIRONMENT_WEIGHTS);
  return {
    app,
    env,
    team: ctx.rng.pick(TEAMS),
    name: `${app}-${envShort(env)}-${kind}-${index}`.slice(0, 32),
  };
}

/** Generates Classic Load Balancers in front of instances of their VPC. */
export function buildClassicLoadBalancers(ctx: RegionContext, count: number): void {
  const { rng, region } = ctx;
  for (let i = 0; i < count; i++) {
    const vpc = pickVpc(ctx);
    const { app, env, team, name } = elbName(ctx, 'clb', i + 1);
    const internal = rng.chance(0.2);
    const subnets = subnetsAcrossZones(ctx, vpc.VpcId, 2);
    const group = rng.pick(ctx.groupsOf(vpc.VpcId));
    const instances = rng.sample(ctx.instancesOf(vpc.VpcId), rng.int(2, 5));
    const dnsName = `${internal ? 'internal-' : ''}${name}-${rng.int(100000000, 2099999999)}.${
      region.name
    }.elb.amazonaws.com`;
    for (const subnet of subnets) {
      createManagedInterface(ctx, subnet, {
        description: `ELB ${name}`,
        interfaceType: 'interface',
        requesterId: 'amazon-elb',
        groups: [group],
        publicIp: internal ? undefined : ctx.publicIp(),
      });
    }
    region.classicLoadBalancers.push({
      LoadBalancerName: name,
      DNSName: dnsName,
      CanonicalHostedZoneName: internal ? undefined : dnsName,
      CanonicalHostedZoneNameID: regionZoneIds(region.name).elbZoneId,
      ListenerDescriptions: [
        {
          Listener: {
            Protocol: 'HTTP',
            LoadBalancerPort: 80,
            InstanceProtocol: 'HTTP',
            InstancePort: 8080,
          },
          PolicyNames: [],
        },
      ],
      Policies: {
        AppCookieStickinessPolicies: [],
        LBCookieStickinessPolicies: [],
        OtherPolicies: [],
      },
      BackendServerDescriptions: [],
      AvailabilityZones: subnets.map(s => s.AvailabilityZone),
      Subnets: subnets.map(s => s.SubnetId),
      VPCId: vpc.VpcId,
      Instances: instances.map(inst => ({ InstanceId: inst.InstanceId })),
      HealthCheck: {
        Target: 'HTTP:8080/health',
        Interval: 30,
        Timeout: 5,
        UnhealthyThreshold: 2,
        HealthyThreshold: 10,
      },
      SourceSecurityGroup: {
        OwnerAlias: ctx.accountId,
        GroupName: group.GroupName,
      },
      SecurityGroups: [group.GroupId],
      CreatedTime: rng.dateBefore(ctx.now, 1500),
      Scheme: internal ? 'internal' : 'internet-facing',
      Tags: [
        { Key: 'Name', Value: name },
        { Key: 'environment', Value: env },
        { Key: 'application', Value: app },
        { Key: 'team', Value: team },
      ],
    });
  }
}

/** The health of an instance registered in a target group, as ELBv2 reports it. */
export function targetHealthOf(instance: FakeInstance, port: number, unhealthy: boolean): FakeTarget {
  const state = instance.State.Name;
  if (state !== 'running') {
    return {
      Target: { Id: instance.InstanceId, Port: port },
      HealthCheckPort: String(port),
      TargetHealth: {
        State: 'unused',
        Reason: 'Target.InvalidState',
        Description: `Target is in the ${state} state`,
      },
    };
  }
  return {
    Target: { Id: instance.InstanceId, Port: port },
    HealthCheckPort: String(port),
    TargetHealth: unhealthy
      ? {
          State: 'unhealthy',
          Reason: 'Target.FailedHealthChecks',
          Description: 'Health checks failed',
        }
      : { State: 'healthy' },
  };
}

/** Generates application and network load balancers with listeners and target groups of instances. */
export function buildLoadBalancers(ctx: RegionContext, count: number): void {
  const { rng, region, accountId } = ctx;
  const zones = regionZoneIds(region.name);
  for (let i = 0; i < count; i++) {
    const vpc = pickVpc(ctx);
    const isNetwork = rng.chance(0.25);
    const { app, env, team, name } = elbName(ctx, isNetwork ? 'nlb' : 'alb', i + 1);
    const internal = rng.chance(0.2);
    const subnets = subnetsAcrossZones(ctx, vpc.VpcId, 3);
    const groups = rng.sample(ctx.groupsOf(vpc.VpcId), 1);
    const suffix = rng.hex(16);
    const arn = `arn:aws:elasticloadbalancing:${region.name}:${accountId}:loadbalancer/${
      isNetwork ? 'net' : 'app'
    }/${name}/${suffix}`;
    const prefix = internal ? 'internal-' : '';
    const dnsName = isNetwork
      ? `${prefix}${name}-${rng.hex(16)}.elb.${region.name}.amazonaws.com`
      : `${prefix}${name}-${rng.int(100000000, 2099999999)}.${region.name}.elb.amazonaws.com`;
    for (const subnet of subnets) {
      createManagedInterface(ctx, subnet, {
        description: `ELB ${isNetwork ? 'net' : 'app'}/${name}/${suffix}`,
        interfaceType: isNetwork ? 'network_load_balancer' : 'interface',
        requesterId: 'amazon-elb',
        groups: isNetwork ? [] : groups,
        publicIp: internal ? undefined : ctx.publicIp(),
      });
    }
    const tags = [
      { Key: 'Name', Value: name },
      { Key: 'environment', Value: env },
      { Key: 'application', Value: app },
      { Key: 'team', Value: team },
    ];
    const targetGroups: FakeTargetGroup[] = [];
    const groupCount = rng.chance(0.3) ? 2 : 1;
    for (let g = 0; g < groupCount; g++) {
      const tgName = `${app}-${envShort(env)}-tg-${i + 1}-${g + 1}`.slice(0, 32);
      const port = isNetwork ? 443 : 8080;
      const members = rng.sample(ctx.instancesOf(vpc.VpcId), rng.int(2, 6));
      targetGroups.push({
        TargetGroupArn: `arn:aws:elasticloadbalancing:${region.name}:${accountId}:targetgroup/${tgName}/${rng.hex(16)}`,
        TargetGroupName: tgName,
        Protocol: isNetwork ? 'TCP' : 'HTTP',
        Port: port,
        VpcId: vpc.VpcId,
        HealthCheckProtocol: isNetwork ? 'TCP' : 'HTTP',
        HealthCheckPort: 'traffic-port',
        HealthCheckEnabled: true,
        HealthCheckIntervalSeconds: 30,
        HealthCheckTimeoutSeconds: isNetwork ? 10 : 5,
        HealthyThresholdCount: 5,
        UnhealthyThresholdCount: 2,
        HealthCheckPath: isNetwork ? undefined : '/health',
        Matcher: isNetwork ? undefined : { HttpCode: '200' },
        LoadBalancerArns: [arn],
        TargetType: 'instance',
        ProtocolVersion: isNetwork ? undefined : 'HTTP1',
        IpAddressType: 'ipv4',
        Targets: members.map(m => targetHealthOf(m, port, rng.chance(0.1))),
        Tags: tags.map(t => ({ ...t })),
      });
    }
    const listeners: FakeListener[] = isNetwork
      ? [
          {
            ListenerArn: `${arn.replace(':loadbalancer/', ':listener/')}/${rng.hex(16)}`,
            LoadBalancerArn: arn,
            Port: 443,
            Protocol: 'TCP',
            DefaultActions: [
              {
                Type: 'forward',
                TargetGroupArn: targetGroups[0].TargetGroupArn,
              },
            ],
          },
        ]
      : [
          {
            ListenerArn: `${arn.replace(':loadbalancer/', ':listener/')}/${rng.hex(16)}`,
            LoadBalancerArn: arn,
            Port: 80,
            Protocol: 'HTTP',
            DefaultActions: [
              {
                Type: 'redirect',
                Order: 1,
                RedirectConfig: {
                  Protocol: 'HTTPS',
                  Port: '443',
                  Host: '#{host}',
                  Path: '/#{path}',
                  Query: '#{query}',
                  StatusCode: 'HTTP_301',
                },
              },
            ],
          },
          {
            ListenerArn: `${arn.replace(':loadbalancer/', ':listener/')}/${rng.hex(16)}`,
            LoadBalancerArn: arn,
            Port: 443,
            Protocol: 'HTTPS',
            SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
            Certificates: [
              {
                CertificateArn: `arn:aws:acm:${region.name}:${accountId}:certificate/${rng.hex(8)}-${rng.hex(
                  4,
                )}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`,
              },
            ],
            DefaultActions: [
              {
                Type: 'forward',
                Order: 1,
                TargetGroupArn: targetGroups[0].TargetGroupArn,
              },
            ],
          },
        ];
    const loadBalancer: FakeLoadBalancer = {
      LoadBalancerArn: arn,
      DNSName: dnsName,
      CanonicalHostedZoneId: isNetwork ? zones.nlbZoneId : zones.elbZoneId,
      CreatedTime: rng.dateBefore(ctx.now, 1200),
      LoadBalancerName: name,
      Scheme: internal ? 'internal' : 'internet-facing',
      VpcId: vpc.VpcId,
      State: { Code: i % 25 === 24 ? 'provisioning' : 'active' },
      Type: isNetwork ? 'network' : 'application',
      AvailabilityZones: subnets.map(s => ({
        ZoneName: s.AvailabilityZone,
        SubnetId: s.SubnetId,
        LoadBalancerAddresses: [],
      })),
      SecurityGroups: isNetwork ? undefined : groups.map(g => g.GroupId),
      IpAddressType: 'ipv4',
      Tags: tags,
      Listeners: listeners,
    };
    region.loadBalancers.push(loadBalancer);
    region.targetGroups.push(...targetGroups);
  }
}
