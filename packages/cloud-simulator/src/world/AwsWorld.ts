import { RegionContext, hashString } from './build/context';
import { launchInstance } from './build/compute';
import { buildPublicImages } from './build/images';
import { buildNetwork } from './build/network';
import { Random } from './random';
import type { FakeAwsAccount, FakeAwsRegion, FakeBucket, FakeInstance } from './types';

/**
 * A simulated AWS world: accounts, their regions and resources. Every collection is a plain mutable array that the
 * simulator reads on each request, so tests can change the world between calls.
 */
export class AwsWorld {
  readonly accounts: FakeAwsAccount[];
  private readonly random: Random;

  /**
   * @param accounts - the accounts and their resources (see {@link generateAwsWorld})
   * @param options - `seed` makes {@link AwsWorld.addInstance} deterministic
   */
  constructor(accounts: FakeAwsAccount[], options: { seed?: number } = {}) {
    this.accounts = accounts;
    this.random = new Random(hashString(`world/${options.seed ?? 1}`));
  }

  /** The account with this id; throws when there is none. */
  account(accountId: string): FakeAwsAccount {
    const account = this.accounts.find(a => a.spec.accountId === accountId);
    if (!account) throw new Error(`Unknown AWS account ${accountId}`);
    return account;
  }

  /** A region of an account; throws when the account or the region is unknown. */
  region(accountId: string, region: string): FakeAwsRegion {
    const found = this.account(accountId).regions[region];
    if (!found) {
      throw new Error(`Region ${region} is not enabled in account ${accountId}`);
    }
    return found;
  }

  /** The account whose long-term access key id this is, if any. */
  accountByAccessKey(accessKeyId: string): FakeAwsAccount | undefined {
    return this.accounts.find(a => a.spec.accessKeyId === accessKeyId);
  }

  /** A bucket of any account, by name (bucket names are global). */
  findBucket(name: string): { account: FakeAwsAccount; bucket: FakeBucket } | undefined {
    for (const account of this.accounts) {
      const bucket = account.buckets.find(b => b.Name === name);
      if (bucket) return { account, bucket };
    }
    return undefined;
  }

  /**
   * Launches an instance into a region as `RunInstances` would: running (unless `overrides.State` says
   * otherwise), in a subnet of the region with a free private address, with security groups of its VPC, an image
   * of the account, tags, a primary network interface and an attached root volume (added to `volumes`). The launch
   * time is now. `overrides` are applied last. A region without a network first gets a VPC with subnets.
   */
  addInstance(accountId: string, region: string, overrides: Partial<FakeInstance> = {}): FakeInstance {
    const target = this.region(accountId, region);
    const ctx = new RegionContext(this.random, accountId, target);
    if (target.subnets.length === 0) {
      buildNetwork(ctx, {
        vpcs: 1,
        subnets: 3,
        securityGroups: 2,
        natGateways: 0,
        vpcEndpoints: 0,
        vpnGateways: 0,
        peeringConnections: 0,
        addressesNeeded: 100,
      });
    }
    if (target.images.length === 0 && target.publicImages.length === 0) {
      buildPublicImages(ctx);
    }
    const launchTime = new Date(Math.floor(Date.now() / 1000) * 1000);
    return launchInstance(ctx, { State: { Code: 16, Name: 'running' }, ...overrides }, { dataVolumes: 0, launchTime });
  }
}
