import { AwsWorld } from './AwsWorld';
import { buildInstances, buildUnattachedVolumes, buildVolumeSnapshots } from './build/compute';
import { RegionContext, emptyRegion, hashString } from './build/context';
import { buildDatabases } from './build/databases';
import { buildBuckets, buildDistributions } from './build/global';
import { buildAccountImages, buildPublicImages } from './build/images';
import { buildClassicLoadBalancers, buildLoadBalancers } from './build/loadBalancing';
import { buildNetwork } from './build/network';
import { Random } from './random';
import type { AwsAccountSpec, AwsRegionSizes, AwsWorldOptions, FakeAwsAccount, FakeAwsRegion } from './types';

/** The default account of generated worlds, used by the demo. */
export const DEMO_AWS_ACCOUNT: AwsAccountSpec = {
  accountId: '123456789012',
  accessKeyId: 'AKIAMAESTRODEMO00001',
  secretAccessKey: 'maestro-demo-secret-key',
  regions: ['eu-west-1', 'us-east-1'],
};

/** Region sizes used when {@link AwsWorldOptions.sizes} leaves a count out: a small, demo-sized region. */
export const DEFAULT_AWS_REGION_SIZES: Readonly<Required<AwsRegionSizes>> = {
  instances: 25,
  volumesPerInstance: 1,
  securityGroups: 12,
  vpcs: 3,
  subnets: 9,
  classicLoadBalancers: 2,
  loadBalancers: 4,
  databases: 5,
  snapshots: 12,
  images: 5,
  natGateways: 2,
  vpcEndpoints: 4,
  vpnGateways: 1,
  peeringConnections: 1,
};

function validateAccounts(accounts: AwsAccountSpec[]): void {
  const ids = new Set<string>();
  const keys = new Set<string>();
  for (const account of accounts) {
    if (!/^\d{12}$/.test(account.accountId)) {
      throw new Error(`AWS account id must be 12 digits: ${account.accountId}`);
    }
    if (ids.has(account.accountId) || keys.has(account.accessKeyId)) {
      throw new Error(`Duplicate AWS account or access key: ${account.accountId}`);
    }
    if (account.regions.length === 0) {
      throw new Error(`AWS account ${account.accountId} has no regions`);
    }
    ids.add(account.accountId);
    keys.add(account.accessKeyId);
  }
}

function generateRegion(seed: number, accountId: string, name: string, sizes: Required<AwsRegionSizes>): FakeAwsRegion {
  const region = emptyRegion(name);
  const rng = new Random(hashString(`${seed}/${accountId}/${name}`));
  const ctx = new RegionContext(rng, accountId, region);
  buildPublicImages(ctx);
  // Everything but volumes, snapshots and images lives in a VPC: a region with none of it gets no network.
  const { volumesPerInstance, snapshots, images, ...inVpcs } = sizes;
  if (Object.values(inVpcs).some(count => count > 0)) {
    buildNetwork(ctx, {
      ...sizes,
      addressesNeeded:
        sizes.instances +
        sizes.classicLoadBalancers * 2 +
        sizes.loadBalancers * 3 +
        sizes.databases * 2 +
        sizes.natGateways +
        sizes.vpcEndpoints,
    });
  }
  buildAccountImages(ctx, sizes.images);
  buildInstances(ctx, sizes.instances, sizes.volumesPerInstance);
  buildUnattachedVolumes(ctx);
  buildVolumeSnapshots(ctx, sizes.snapshots);
  buildClassicLoadBalancers(ctx, sizes.classicLoadBalancers);
  buildLoadBalancers(ctx, sizes.loadBalancers);
  buildDatabases(ctx, sizes.databases);
  return region;
}

/**
 * Generates a simulated AWS world from a seed: for every account and region, a network (VPCs, subnets in
 * `<region>a/b/c`, security groups, route tables, ACLs, NAT and VPN gateways, endpoints, peerings), images,
 * instances with attached volumes, snapshots, load balancers with targets, and databases; per account, S3 buckets
 * and CloudFront distributions. The same options always produce an identical world, and each region depends only
 * on the seed, its account and its name.
 */
export function generateAwsWorld(options: AwsWorldOptions = {}): AwsWorld {
  const seed = options.seed ?? 1;
  const specs = options.accounts ?? [DEMO_AWS_ACCOUNT];
  validateAccounts(specs);
  const sizes = { ...DEFAULT_AWS_REGION_SIZES, ...options.sizes };
  for (const [key, value] of Object.entries(sizes)) {
    if (!Number.isInteger(value) || value < 0) {
      throw new Error(`AWS region size ${key} must be a non-negative integer`);
    }
  }
  const accounts: FakeAwsAccount[] = specs.map(spec => {
    const account: FakeAwsAccount = {
      spec,
      regions: {},
      buckets: [],
      distributions: [],
    };
    for (const region of spec.regions) {
      account.regions[region] = generateRegion(seed, spec.accountId, region, sizes);
    }
    const rng = new Random(hashString(`${seed}/${spec.accountId}/global`));
    buildBuckets(rng, account, options.buckets ?? 8);
    buildDistributions(rng, account, options.distributions ?? 3);
    return account;
  });
  return new AwsWorld(accounts, { seed });
}
