import type { Tag } from '@aws-sdk/client-ec2';
import { Random } from '../random';
import type { FakeAwsRegion, FakeInstance, FakeSecurityGroup, FakeSubnet } from '../types';

/** The instant generated worlds are relative to: every generated date lies before it. */
export const WORLD_EPOCH = new Date('2025-06-01T12:00:00.000Z');

/** An empty region. */
export function emptyRegion(name: string): FakeAwsRegion {
  return {
    name,
    instances: [],
    volumes: [],
    snapshots: [],
    images: [],
    publicImages: [],
    securityGroups: [],
    vpcs: [],
    subnets: [],
    routeTables: [],
    networkInterfaces: [],
    natGateways: [],
    networkAcls: [],
    vpcPeeringConnections: [],
    vpnGateways: [],
    vpcEndpoints: [],
    classicLoadBalancers: [],
    loadBalancers: [],
    targetGroups: [],
    dbInstances: [],
  };
}

/** Converts a dotted IPv4 address to an unsigned integer. */
export function ipToInt(ip: string): number {
  return ip.split('.').reduce((acc, octet) => acc * 256 + (Number(octet) & 255), 0) >>> 0;
}

/** Converts an unsigned integer to a dotted IPv4 address. */
export function intToIp(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

/** Hands out the free host addresses of one subnet (AWS reserves the first four and the last). */
class SubnetAddresses {
  private next = 4;
  private readonly base: number;
  private readonly size: number;

  constructor(cidr: string, private readonly used: Set<string>) {
    const [ip, bits] = cidr.split('/');
    this.base = ipToInt(ip);
    this.size = 2 ** (32 - Number(bits));
  }

  allocate(): string | undefined {
    while (this.next < this.size - 1) {
      const ip = intToIp(this.base + this.next++);
      if (!this.used.has(ip)) {
        this.used.add(ip);
        return ip;
      }
    }
    return undefined;
  }
}

/** Public address pools handed out as public IPs and Elastic IPs. */
const PUBLIC_POOLS = ['3.248.0.0', '34.240.0.0', '52.16.0.0', '54.72.0.0'].map(ipToInt);

/**
 * What generating resources into one region of one account needs: the random generator, the region being filled,
 * and allocators of private and public addresses that never hand out an address twice.
 */
export class RegionContext {
  readonly azs: string[];
  private readonly privateIps = new Set<string>();
  private readonly publicIps = new Set<string>();
  private readonly subnetAddresses = new Map<string, SubnetAddresses>();
  private readonly subnetsByVpc = new Map<string, FakeSubnet[]>();
  private readonly groupsByVpc = new Map<string, FakeSecurityGroup[]>();
  private readonly namedGroupsByVpc = new Map<string, FakeSecurityGroup[]>();
  private readonly instancesByVpc = new Map<string, FakeInstance[]>();
  /** The account-and-region-specific part of RDS endpoint host names. */
  readonly rdsSuffix: string;

  constructor(
    readonly rng: Random,
    readonly accountId: string,
    readonly region: FakeAwsRegion,
    readonly now: Date = WORLD_EPOCH,
  ) {
    this.azs = ['a', 'b', 'c'].map(z => `${region.name}${z}`);
    this.rdsSuffix = `c${new Random(hashString(accountId + region.name)).chars(
      11,
      'abcdefghijklmnopqrstuvwxyz0123456789',
    )}`;
    for (const eni of region.networkInterfaces) {
      for (const p of eni.PrivateIpAddresses ?? []) {
        if (p.PrivateIpAddress) this.privateIps.add(p.PrivateIpAddress);
      }
      this.privateIps.add(eni.PrivateIpAddress);
      if (eni.Association?.PublicIp) this.publicIps.add(eni.Association.PublicIp);
    }
    for (const instance of region.instances) {
      this.privateIps.add(instance.PrivateIpAddress);
      if (instance.PublicIpAddress) this.publicIps.add(instance.PublicIpAddress);
    }
    for (const nat of region.natGateways) {
      for (const a of nat.NatGatewayAddresses) {
        if (a.PublicIp) this.publicIps.add(a.PublicIp);
      }
    }
    for (const subnet of region.subnets) this.indexSubnet(subnet);
    for (const group of region.securityGroups) this.indexGroup(group);
    for (const instance of region.instances) this.indexInstance(instance);
  }

  /** The EC2 tag list of `pairs`, leaving out undefined values. */
  tags(pairs: Record<string, string | undefined>): Tag[] {
    const tags: Tag[] = [];
    for (const Key in pairs) {
      if (pairs[Key] !== undefined) tags.push({ Key, Value: pairs[Key] });
    }
    return tags;
  }

  /** Registers a new subnet for address allocation and lookups. */
  indexSubnet(subnet: FakeSubnet): void {
    this.subnetAddresses.set(subnet.SubnetId, new SubnetAddresses(subnet.CidrBlock, this.privateIps));
    const list = this.subnetsByVpc.get(subnet.VpcId) ?? [];
    list.push(subnet);
    this.subnetsByVpc.set(subnet.VpcId, list);
  }

  /** Registers a new security group for lookups by VPC. */
  indexGroup(group: FakeSecurityGroup): void {
    const list = this.groupsByVpc.get(group.VpcId) ?? [];
    list.push(group);
    this.groupsByVpc.set(group.VpcId, list);
    if (group.GroupName !== 'default') {
      const named = this.namedGroupsByVpc.get(group.VpcId) ?? [];
      named.push(group);
      this.namedGroupsByVpc.set(group.VpcId, named);
    }
  }

  /** Registers a new instance for lookups by VPC. */
  indexInstance(instance: FakeInstance): void {
    const list = this.instancesByVpc.get(instance.VpcId) ?? [];
    list.push(instance);
    this.instancesByVpc.set(instance.VpcId, list);
  }

  subnetsOf(vpcId: string): FakeSubnet[] {
    return this.subnetsByVpc.get(vpcId) ?? [];
  }

  groupsOf(vpcId: string): FakeSecurityGroup[] {
    return this.groupsByVpc.get(vpcId) ?? [];
  }

  /** The security groups of a VPC other than its `default` group. */
  namedGroupsOf(vpcId: string): FakeSecurityGroup[] {
    return this.namedGroupsByVpc.get(vpcId) ?? [];
  }

  instancesOf(vpcId: string): FakeInstance[] {
    return this.instancesByVpc.get(vpcId) ?? [];
  }

  /** A free private address of the subnet, or undefined when it is full. */
  privateIp(subnet: FakeSubnet): string | undefined {
    const ip = this.subnetAddresses.get(subnet.SubnetId)?.allocate();
    if (ip && subnet.AvailableIpAddressCount > 0) subnet.AvailableIpAddressCount--;
    return ip;
  }

  /** Reserves a private address chosen by the caller. */
  reservePrivateIp(ip: string): void {
    this.privateIps.add(ip);
  }

  /** A public address no other resource of the region uses. */
  publicIp(): string {
    for (;;) {
      const ip = intToIp(this.rng.pick(PUBLIC_POOLS) + this.rng.int(256, 2 ** 18 - 2));
      if (!ip.endsWith('.0') && !ip.endsWith('.255') && !this.publicIps.has(ip)) {
        this.publicIps.add(ip);
        return ip;
      }
    }
  }

  /** A MAC address as EC2 reports it. */
  macAddress(): string {
    const hex = this.rng.hex(10);
    return `0a:${hex.match(/../g)!.join(':')}`;
  }
}

/** A 32-bit FNV-1a hash of a string, to derive stable seeds. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A random UUID (version 4 layout) drawn from the generator. */
export function uuid(rng: Random): string {
  const h = rng.hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
