import { ListDistributionsCommand } from '@aws-sdk/client-cloudfront';
import type { Tag } from '@aws-sdk/client-ec2';
import { Bucket, GetBucketLocationCommand, GetBucketTaggingCommand, paginateListBuckets } from '@aws-sdk/client-s3';
import { scopedName } from '../names';
import { clean, limited } from '../translate';
import { AWS_REGION } from './awsSettings';
import { AwsListContext, AwsResourceList, callOptions, enrichment, keepWhen, tagMap, tagValue } from './awsCommon';

/** The region of a `GetBucketLocation` answer: none means us-east-1, the legacy `EU` means eu-west-1. */
export function regionOfLocation(constraint: string | undefined | null): string {
  if (!constraint) return 'us-east-1';
  return constraint === 'EU' ? 'eu-west-1' : constraint;
}

/**
 * A bucket's tags, asked of its own region (S3 answers a request signed for another region with a 301
 * PermanentRedirect); undefined when they could not be read. A bucket without tags answers NoSuchTagSet: no tags.
 */
async function bucketTags(ctx: AwsListContext, bucket: string, region: string): Promise<Tag[] | undefined> {
  return enrichment(ctx, 'bucket tags', 's3:GetBucketTagging', async () => {
    try {
      return (
        (await ctx.clients.s3(region).send(new GetBucketTaggingCommand({ Bucket: bucket }), callOptions(ctx))).TagSet ??
        []
      );
    } catch (error) {
      if ((error as Error).name === 'NoSuchTagSet') return [];
      throw error;
    }
  });
}

export const storageObjectList: AwsResourceList = {
  id: 'storage-object-list',
  title: 'Object storage (S3 buckets)',
  iamActions: ['s3:ListAllMyBuckets', 's3:GetBucketLocation', 's3:GetBucketTagging'],
  global: true,
  defaultFrequencyMinutes: 24 * 60,
  async crawl(ctx, emit) {
    const s3 = ctx.clients.s3();
    const buckets: Bucket[] = [];
    for await (const page of paginateListBuckets({ client: s3, pageSize: 1000 }, {}, callOptions(ctx))) {
      buckets.push(...(page.Buckets ?? []));
    }
    for (const bucket of buckets) {
      if (!bucket.Name) continue;
      // ListBuckets names each bucket's region when asked with a parameter (max-buckets); other S3 APIs may not
      const region =
        bucket.BucketRegion ??
        (await enrichment(ctx, 'bucket regions', 's3:GetBucketLocation', async () =>
          regionOfLocation(
            (
              await s3.send(new GetBucketLocationCommand({ Bucket: bucket.Name }), callOptions(ctx))
            ).LocationConstraint,
          ),
        ));
      let tags: Tag[] | undefined;
      if (region && AWS_REGION.test(region)) tags = await bucketTags(ctx, bucket.Name, region);
      else if (region) ctx.warn('bucket tags not read: a bucket region is not an AWS region name');
      const id = `arn:aws:s3:::${bucket.Name}`;
      emit({
        kind: 'Resource',
        providerId: id,
        name: scopedName(['aws', ctx.accountId, 's3', bucket.Name]),
        title: bucket.Name,
        spec: clean({
          type: 'object-storage',
          service: 's3',
          environment: limited(tagValue(tags, 'environment', 'env'), 64),
          datacenter: ctx.datacenter,
          region: limited(region, 64),
          providerId: id,
          tags: tagMap(tags),
        }),
        ...keepWhen(!tags, region ? ['tags', 'environment'] : ['tags', 'environment', 'region']),
      });
    }
  },
};

export const cdnsList: AwsResourceList = {
  id: 'cdns-list',
  title: 'CDNs (CloudFront distributions)',
  iamActions: ['cloudfront:ListDistributions'],
  global: true,
  defaultFrequencyMinutes: 24 * 60,
  async crawl(ctx, emit) {
    const client = ctx.clients.cloudfront();
    let marker: string | undefined;
    do {
      const out = await client.send(new ListDistributionsCommand({ Marker: marker, MaxItems: 100 }), callOptions(ctx));
      const list = out.DistributionList;
      for (const d of list?.Items ?? []) {
        if (!d.Id) continue;
        const id = d.ARN ?? d.Id;
        const aliases = d.Aliases?.Items ?? [];
        emit({
          kind: 'Resource',
          providerId: id,
          name: scopedName(['aws', ctx.accountId, 'cloudfront', d.Id]),
          title: aliases[0] ?? d.DomainName ?? d.Id,
          spec: clean({
            type: 'cdn',
            service: 'cloudfront',
            datacenter: ctx.datacenter,
            providerId: id,
            role: clean({
              endpoint: limited(d.DomainName),
              description: limited(
                [
                  aliases.length ? `aliases: ${aliases.join(', ')}` : '',
                  `origins: ${(d.Origins?.Items ?? []).map(o => o.DomainName).join(', ')}`,
                ]
                  .filter(Boolean)
                  .join('; '),
                4096,
              ),
            }),
          }),
        });
      }
      marker = list?.IsTruncated ? list.NextMarker : undefined;
    } while (marker);
  },
};
