import type { Origin } from '@aws-sdk/client-cloudfront';
import { APPS, ENVIRONMENT_WEIGHTS, TEAMS, envShort } from '../catalog';
import { LOWER_ALNUM, Random, UPPER_ALNUM } from '../random';
import type { FakeAwsAccount, FakeBucket, FakeDistribution } from '../types';
import { WORLD_EPOCH } from './context';

const BUCKET_PURPOSES = ['assets', 'logs', 'backups', 'uploads', 'artifacts', 'exports', 'static', 'data-lake'];

/**
 * Generates the account's S3 buckets, spread over its regions (most in the first). About 70% carry tags; the
 * others have no tag set at all.
 */
export function buildBuckets(rng: Random, account: FakeAwsAccount, count: number): void {
  const { accountId, regions } = account.spec;
  for (let i = 0; i < count; i++) {
    const app = rng.pick(APPS);
    const purpose = BUCKET_PURPOSES[i % BUCKET_PURPOSES.length];
    const env = rng.weighted(ENVIRONMENT_WEIGHTS);
    const region = rng.chance(0.6) ? regions[0] : rng.pick(regions);
    const bucket: FakeBucket = {
      Name: `${app}-${purpose}-${envShort(env)}-${accountId}-${i + 1}`,
      CreationDate: rng.dateBefore(WORLD_EPOCH, 2000),
      BucketRegion: region,
    };
    if (rng.chance(0.7)) {
      bucket.Tags = [
        { Key: 'environment', Value: env },
        { Key: 'application', Value: app },
        { Key: 'team', Value: rng.pick(TEAMS) },
      ];
    }
    account.buckets.push(bucket);
  }
}

function s3Origin(bucket: FakeBucket): Origin {
  return {
    Id: `s3-${bucket.Name}`,
    DomainName: `${bucket.Name}.s3.${bucket.BucketRegion}.amazonaws.com`,
    OriginPath: '',
    CustomHeaders: { Quantity: 0 },
    S3OriginConfig: { OriginAccessIdentity: '', OriginReadTimeout: 30 },
    ConnectionAttempts: 3,
    ConnectionTimeout: 10,
    OriginShield: { Enabled: false },
    OriginAccessControlId: 'E2OACEXAMPLE01',
  };
}

function elbOrigin(dnsName: string): Origin {
  return {
    Id: `elb-${dnsName.split('.')[0]}`,
    DomainName: dnsName,
    OriginPath: '',
    CustomHeaders: { Quantity: 0 },
    CustomOriginConfig: {
      HTTPPort: 80,
      HTTPSPort: 443,
      OriginProtocolPolicy: 'https-only',
      OriginSslProtocols: { Quantity: 1, Items: ['TLSv1.2'] },
      OriginReadTimeout: 30,
      OriginKeepaliveTimeout: 5,
    },
    ConnectionAttempts: 3,
    ConnectionTimeout: 10,
    OriginShield: { Enabled: false },
    OriginAccessControlId: '',
  };
}

/**
 * Generates the account's CloudFront distributions: each with zero to two aliases and one origin, an S3 bucket of
 * the account or one of its internet-facing application load balancers.
 */
export function buildDistributions(rng: Random, account: FakeAwsAccount, count: number): void {
  const { accountId } = account.spec;
  const albs = Object.values(account.regions).flatMap(r =>
    r.loadBalancers.filter(lb => lb.Type === 'application' && lb.Scheme === 'internet-facing'),
  );
  for (let i = 0; i < count; i++) {
    const id = `E${rng.chars(13, UPPER_ALNUM)}`;
    const app = rng.pick(APPS);
    const useElb = albs.length > 0 && (account.buckets.length === 0 || rng.chance(0.4));
    let origin: Origin | undefined;
    if (useElb) origin = elbOrigin(rng.pick(albs).DNSName);
    else if (account.buckets.length > 0) origin = s3Origin(rng.pick(account.buckets));
    const aliasCount = rng.pick([0, 1, 1, 2]);
    const aliases = ['www', 'static', 'cdn'].slice(0, aliasCount).map(host => `${host}.${app}${i + 1}.example.com`);
    const distribution: FakeDistribution = {
      Id: id,
      ARN: `arn:aws:cloudfront::${accountId}:distribution/${id}`,
      ETag: `E${rng.chars(13, UPPER_ALNUM)}`,
      Status: i % 7 === 6 ? 'InProgress' : 'Deployed',
      LastModifiedTime: rng.dateBefore(WORLD_EPOCH, 500),
      DomainName: `d${rng.chars(13, LOWER_ALNUM)}.cloudfront.net`,
      Aliases: aliases.length > 0 ? { Quantity: aliases.length, Items: aliases } : { Quantity: 0 },
      Origins: origin ? { Quantity: 1, Items: [origin] } : { Quantity: 0, Items: [] },
      OriginGroups: { Quantity: 0 },
      DefaultCacheBehavior: {
        TargetOriginId: origin?.Id ?? 'none',
        TrustedSigners: { Enabled: false, Quantity: 0 },
        TrustedKeyGroups: { Enabled: false, Quantity: 0 },
        ViewerProtocolPolicy: 'redirect-to-https',
        AllowedMethods: {
          Quantity: 2,
          Items: ['HEAD', 'GET'],
          CachedMethods: { Quantity: 2, Items: ['HEAD', 'GET'] },
        },
        SmoothStreaming: false,
        Compress: true,
        LambdaFunctionAssociations: { Quantity: 0 },
        FunctionAssociations: { Quantity: 0 },
        FieldLevelEncryptionId: '',
        CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
      },
      CacheBehaviors: { Quantity: 0 },
      CustomErrorResponses: { Quantity: 0 },
      Comment: `${app} ${aliases[0] ?? ''}`.trim(),
      PriceClass: rng.pick(['PriceClass_100', 'PriceClass_All'] as const),
      Enabled: i % 9 !== 8,
      ViewerCertificate:
        aliases.length > 0
          ? {
              CloudFrontDefaultCertificate: false,
              ACMCertificateArn: `arn:aws:acm:us-east-1:${accountId}:certificate/${rng.hex(8)}-${rng.hex(4)}-${rng.hex(
                4,
              )}-${rng.hex(4)}-${rng.hex(12)}`,
              SSLSupportMethod: 'sni-only',
              MinimumProtocolVersion: 'TLSv1.2_2021',
              CertificateSource: 'acm',
            }
          : {
              CloudFrontDefaultCertificate: true,
              MinimumProtocolVersion: 'TLSv1',
              CertificateSource: 'cloudfront',
            },
      Restrictions: {
        GeoRestriction: { RestrictionType: 'none', Quantity: 0 },
      },
      WebACLId: '',
      HttpVersion: 'http2',
      IsIPV6Enabled: true,
      Staging: false,
    };
    account.distributions.push(distribution);
  }
}
