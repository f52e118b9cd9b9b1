import { createHash } from 'node:crypto';
import type { FakeBucket } from '../../../world/types';
import { s3WireModel } from '../../wire/generated/s3';
import { AwsApiError } from '../errors';
import { paginate } from '../pagination';
import type { ApiCall, OperationHandler, ServiceDefinition } from '../types';

/** The S3 canonical user id of an account (stable, derived from the account id). */
function canonicalId(accountId: string): string {
  return createHash('sha256').update(`s3-owner/${accountId}`).digest('hex');
}

/** The bucket named by the request path, failing as S3 does when it is missing or another account's. */
function bucketOf(call: ApiCall): FakeBucket {
  const name = call.path.split('/').filter(Boolean)[0] ?? '';
  const found = call.world.findBucket(name);
  if (!found) {
    throw new AwsApiError('NoSuchBucket', 'The specified bucket does not exist', 404, {
      BucketName: name,
    });
  }
  if (found.account !== call.identity.account) {
    throw new AwsApiError('AccessDenied', 'Access Denied', 403);
  }
  return found.bucket;
}

const listBuckets: OperationHandler = call => {
  const max = call.params.int('max-buckets');
  if (max !== undefined && (max < 1 || max > 10000)) {
    throw new AwsApiError('InvalidArgument', 'Argument max-buckets must be an integer between 1 and 10000', 400, {
      ArgumentName: 'max-buckets',
      ArgumentValue: String(max),
    });
  }
  const prefix = call.params.get('prefix');
  const region = call.params.get('bucket-region');
  const buckets = [...call.identity.account.buckets]
    .filter(b => (!prefix || b.Name.startsWith(prefix)) && (!region || b.BucketRegion === region))
    .sort((a, b) => (a.Name < b.Name ? -1 : 1));
  const page = paginate(buckets, {
    op: 'ListBuckets',
    idOf: b => b.Name,
    token: call.params.get('continuation-token') || undefined,
    size: max ?? call.defaultPageSize(10000),
    invalidToken: () =>
      new AwsApiError('InvalidArgument', 'The continuation token provided is incorrect', 400, {
        ArgumentName: 'continuation-token',
      }),
  });
  const { accountId } = call.identity.account.spec;
  return {
    Buckets: page.items,
    Owner: { DisplayName: `maestro-${accountId}`, ID: canonicalId(accountId) },
    ContinuationToken: page.next,
    Prefix: prefix,
  };
};

/**
 * The bucket, when the request is signed for its region; S3 answers a request for a bucket of another region with a
 * 301 PermanentRedirect naming the bucket's region (`x-amz-bucket-region`), which the SDK does not follow.
 */
function bucketInRegion(call: ApiCall): FakeBucket {
  const bucket = bucketOf(call);
  if (call.regionName !== bucket.BucketRegion) {
    throw new AwsApiError(
      'PermanentRedirect',
      'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.',
      301,
      {
        Endpoint: `${bucket.Name}.s3.${bucket.BucketRegion}.amazonaws.com`,
        Bucket: bucket.Name,
      },
      { 'x-amz-bucket-region': bucket.BucketRegion },
    );
  }
  return bucket;
}

/** GetBucketLocation answers from any region (us-east-1 buckets have no location constraint). */
const getBucketLocation: OperationHandler = call => {
  const bucket = bucketOf(call);
  return {
    LocationConstraint: bucket.BucketRegion === 'us-east-1' ? undefined : bucket.BucketRegion,
  };
};

const getBucketTagging: OperationHandler = call => {
  const bucket = bucketInRegion(call);
  if (!bucket.Tags) {
    throw new AwsApiError('NoSuchTagSet', 'The TagSet does not exist', 404, {
      BucketName: bucket.Name,
    });
  }
  return { TagSet: bucket.Tags };
};

const IAM_ACTIONS: Record<string, string> = {
  ListBuckets: 's3:ListAllMyBuckets',
};

/** The simulated S3 API (REST-XML, path-style addressing). */
export const s3Service: ServiceDefinition = {
  name: 's3',
  protocol: 'rest-xml',
  xmlNamespace: 'http://s3.amazonaws.com/doc/2006-03-01/',
  model: s3WireModel,
  iamAction: action => IAM_ACTIONS[action] ?? `s3:${action}`,
  operations: {
    ListBuckets: listBuckets,
    GetBucketLocation: getBucketLocation,
    GetBucketTagging: getBucketTagging,
  },
};
