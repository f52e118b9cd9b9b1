import type { Tag } from '@aws-sdk/client-ec2';
import {
  DescribeTagsCommand as DescribeClassicTagsCommand,
  LoadBalancerDescription,
  paginateDescribeLoadBalancers as paginateClassicLoadBalancers,
} from '@aws-sdk/client-elastic-load-balancing';
import {
  DescribeTagsCommand,
  DescribeTargetHealthCommand,
  LoadBalancer,
  paginateDescribeLoadBalancers,
  paginateDescribeTargetGroups,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { paginateDescribeDBInstances } from '@aws-sdk/client-rds';
import { clean, limited } from '../translate';
import {
  AwsListContext,
  AwsResourceList,
  awsName,
  awsRef,
  callOptions,
  enrichment,
  keepWhen,
  placement,
  tagMap,
  tagValue,
} from './awsCommon';

/** Fields that come from DescribeTags (kept as stored when the tags cannot be read). */
const TAG_FIELDS = ['tags', 'environment'];

/** Tags of load balancers, 20 per DescribeTags call; undefined when they could not be read. */
async function tagsOf<T>(
  ctx: AwsListContext,
  items: T[],
  read: (batch: T[]) => Promise<Array<[string, Tag[]]>>,
): Promise<Map<string, Tag[]> | undefined> {
  return enrichment(ctx, 'load balancer tags', 'elasticloadbalancing:DescribeTags', async () => {
    const tags = new Map<string, Tag[]>();
    for (let i = 0; i < items.length; i += 20) {
      for (const [key, value] of await read(items.slice(i, i + 20))) tags.set(key, value);
    }
    return tags;
  });
}

/** Instances behind each v2 load balancer (through its target groups), and which balancers' targets are unknown. */
async function targetsOf(ctx: AwsListContext) {
  const v2 = ctx.clients.elbv2(ctx.region);
  const targetsByLb = new Map<string, { targets: Set<string>; healthcheck?: string }>();
  const unread = new Set<string>();
  let healthDenied = false;
  const listed = await enrichment(ctx, 'target groups', 'elasticloadbalancing:DescribeTargetGroups', async () => {
    for await (const page of paginateDescribeTargetGroups({ client: v2, pageSize: 400 }, {}, callOptions(ctx))) {
      for (const group of page.TargetGroups ?? []) {
        if (!group.TargetGroupArn) continue;
        const health = healthDenied
          ? undefined
          : await enrichment(ctx, 'target health', 'elasticloadbalancing:DescribeTargetHealth', () =>
              v2.send(new DescribeTargetHealthCommand({ TargetGroupArn: group.TargetGroupArn }), callOptions(ctx)),
            );
        // one denial is enough to know: the other groups are not asked
        if (!health) healthDenied = true;
        const instances = (health?.TargetHealthDescriptions ?? [])
          .map(d => d.Target?.Id)
          .filter((id): id is string => !!id && id.startsWith('i-'));
        for (const lbArn of group.LoadBalancerArns ?? []) {
          if (!health) unread.add(lbArn);
          const entry = targetsByLb.get(lbArn) ?? { targets: new Set<string>() };
          instances.forEach(id => entry.targets.add(id));
          entry.healthcheck ??= group.HealthCheckPath
            ? `${group.HealthCheckProtocol ?? 'HTTP'}:${group.HealthCheckPort ?? 'traffic-port'}${
                group.HealthCheckPath
              }`
            : undefined;
          targetsByLb.set(lbArn, entry);
        }
      }
    }
    return true;
  });
  return { targetsByLb, unread, allUnread: !listed };
}

export const loadBalanceList: AwsResourceList = {
  id: 'loadbalance-list',
  title: 'Load balancers (classic ELB and ELBv2) with their targets',
  iamActions: [
    'elasticloadbalancing:DescribeLoadBalancers',
    'elasticloadbalancing:DescribeTags',
    'elasticloadbalancing:DescribeTargetGroups',
    'elasticloadbalancing:DescribeTargetHealth',
  ],
  defaultFrequencyMinutes: 30,
  async crawl(ctx, emit) {
    // classic
    const elb = ctx.clients.elb(ctx.region);
    const classic: LoadBalancerDescription[] = [];
    for await (const page of paginateClassicLoadBalancers({ client: elb, pageSize: 400 }, {}, callOptions(ctx))) {
      classic.push(...(page.LoadBalancerDescriptions ?? []));
    }
    const classicTags = await tagsOf(
      ctx,
      classic.filter(l => l.LoadBalancerName),
      async batch => {
        const out = await elb.send(
          new DescribeClassicTagsCommand({ LoadBalancerNames: batch.map(l => l.LoadBalancerName!) }),
          callOptions(ctx),
        );
        return (out.TagDescriptions ?? [])
          .filter(d => d.LoadBalancerName)
          .map(d => [d.LoadBalancerName!, d.Tags ?? []]);
      },
    );
    for (const lb of classic) {
      if (!lb.LoadBalancerName) continue;
      const id = `${ctx.accountId}:${ctx.region}:loadbalancer/${lb.LoadBalancerName}`;
      const tags = classicTags?.get(lb.LoadBalancerName);
      const targets = (lb.Instances ?? []).filter(i => i.InstanceId).map(i => awsRef(ctx, 'Server', i.InstanceId!));
      emit({
        kind: 'LoadBalancer',
        providerId: id,
        name: awsName(ctx, `elb-${lb.LoadBalancerName}`),
        title: lb.LoadBalancerName,
        spec: clean({
          service: 'elb',
          type: 'classic',
          scheme: lb.Scheme === 'internal' ? 'internal' : 'internet-facing',
          environment: limited(tagValue(tags, 'environment', 'env'), 64),
          endpoint: limited(lb.DNSName),
          healthcheck: limited(lb.HealthCheck?.Target),
          targets,
          networks: [...(lb.Subnets ?? []), ...(lb.SecurityGroups ?? [])].map(id2 => awsRef(ctx, 'Network', id2)),
          ...placement(ctx, id, lb.AvailabilityZones?.length === 1 ? lb.AvailabilityZones[0] : undefined),
          tags: tagMap(tags),
        }),
        ...keepWhen(!classicTags, TAG_FIELDS),
      });
    }

    // v2: application, network and gateway load balancers; targets through their target groups
    const v2 = ctx.clients.elbv2(ctx.region);
    const balancers: LoadBalancer[] = [];
    for await (const page of paginateDescribeLoadBalancers({ client: v2, pageSize: 400 }, {}, callOptions(ctx))) {
      balancers.push(...(page.LoadBalancers ?? []));
    }
    const tagsByArn = await tagsOf(
      ctx,
      balancers.filter(l => l.LoadBalancerArn),
      async batch => {
        const out = await v2.send(
          new DescribeTagsCommand({ ResourceArns: batch.map(l => l.LoadBalancerArn!) }),
          callOptions(ctx),
        );
        return (out.TagDescriptions ?? []).filter(d => d.ResourceArn).map(d => [d.ResourceArn!, d.Tags ?? []]);
      },
    );
    const { targetsByLb, unread, allUnread } = await targetsOf(ctx);
    for (const lb of balancers) {
      if (!lb.LoadBalancerArn) continue;
      const tags = tagsByArn?.get(lb.LoadBalancerArn);
      const found = targetsByLb.get(lb.LoadBalancerArn);
      const keep = [
        ...(tagsByArn ? [] : TAG_FIELDS),
        ...(allUnread ? ['targets', 'healthcheck'] : []),
        ...(!allUnread && unread.has(lb.LoadBalancerArn) ? ['targets'] : []),
      ];
      emit({
        kind: 'LoadBalancer',
        providerId: lb.LoadBalancerArn,
        name: awsName(ctx, lb.LoadBalancerArn.split(':loadbalancer/')[1] ?? lb.LoadBalancerName ?? lb.LoadBalancerArn),
        title: lb.LoadBalancerName ?? lb.LoadBalancerArn,
        spec: clean({
          service: 'elbv2',
          type: lb.Type,
          scheme: lb.Scheme === 'internal' ? 'internal' : 'internet-facing',
          environment: limited(tagValue(tags, 'environment', 'env'), 64),
          endpoint: limited(lb.DNSName),
          healthcheck: allUnread ? undefined : limited(found?.healthcheck),
          targets: keep.includes('targets')
            ? undefined
            : [...(found?.targets ?? [])].sort().map(id => awsRef(ctx, 'Server', id)),
          networks: [
            ...(lb.VpcId ? [lb.VpcId] : []),
            ...(lb.AvailabilityZones ?? []).map(z => z.SubnetId).filter((s): s is string => !!s),
            ...(lb.SecurityGroups ?? []),
          ].map(id => awsRef(ctx, 'Network', id)),
          ...placement(ctx, lb.LoadBalancerArn),
          tags: tagMap(tags),
        }),
        ...keepWhen(keep.length > 0, keep),
      });
    }
  },
};

/** How an RDS instance is deployed: part of a cluster, master/replica, multi-AZ or single. */
function clusterModeOf(db: {
  DBClusterIdentifier?: string;
  ReadReplicaSourceDBInstanceIdentifier?: string;
  ReadReplicaDBInstanceIdentifiers?: string[];
  MultiAZ?: boolean;
}) {
  if (db.DBClusterIdentifier) return 'cluster';
  if (db.ReadReplicaSourceDBInstanceIdentifier || db.ReadReplicaDBInstanceIdentifiers?.length) return 'master-replica';
  return db.MultiAZ ? 'multi-az' : 'single';
}

/** Database family of an RDS engine name. */
export function databaseFamily(engine: string): 'oracle' | 'mysql' | 'other' {
  if (engine.startsWith('oracle')) return 'oracle';
  if (['mysql', 'mariadb', 'aurora', 'aurora-mysql'].includes(engine)) return 'mysql';
  return 'other';
}

export const dbsList: AwsResourceList = {
  id: 'dbs-list',
  title: 'Databases (RDS instances)',
  iamActions: ['rds:DescribeDBInstances'],
  defaultFrequencyMinutes: 30,
  async crawl(ctx, emit) {
    for await (const page of paginateDescribeDBInstances(
      { client: ctx.clients.rds(ctx.region), pageSize: 100 },
      {},
      callOptions(ctx),
    )) {
      for (const db of page.DBInstances ?? []) {
        const id = db.DBInstanceArn ?? db.DBInstanceIdentifier;
        if (!id || !db.Engine) continue;
        const family = databaseFamily(db.Engine);
        const replica = !!db.ReadReplicaSourceDBInstanceIdentifier;
        emit({
          kind: 'Database',
          providerId: id,
          name: awsName(ctx, `rds-${db.DBInstanceIdentifier}`),
          title: db.DBInstanceIdentifier,
          spec: clean({
            family,
            engine: db.Engine,
            version: db.EngineVersion,
            environment: limited(tagValue(db.TagList, 'environment', 'env'), 64),
            clusterMode: clusterModeOf(db),
            ...(family === 'oracle' ? { storageType: 'network', oracleRole: 'single' } : {}),
            role: db.Endpoint?.Address
              ? clean({
                  endpoint: limited(db.Endpoint.Address),
                  port: db.Endpoint.Port,
                  description: replica ? `replica of ${db.ReadReplicaSourceDBInstanceIdentifier}` : undefined,
                })
              : undefined,
            ...placement(ctx, id, db.AvailabilityZone),
            tags: tagMap(db.TagList),
          }),
        });
      }
    }
  },
};
