import { cloudfrontWireModel } from '../../wire/generated/cloudfront';
import { AwsApiError } from '../errors';
import { paginate } from '../pagination';
import type { OperationHandler, ServiceDefinition } from '../types';

/** The largest page CloudFront returns, whatever `MaxItems` asks for. */
const MAX_ITEMS = 1000;

const listDistributions: OperationHandler = call => {
  const raw = call.params.get('MaxItems');
  const requested = raw === undefined ? undefined : Number(raw);
  if (requested !== undefined && (!Number.isInteger(requested) || requested < 1)) {
    throw new AwsApiError('InvalidArgument', `Invalid value for MaxItems: ${raw}`);
  }
  const size = Math.min(requested ?? call.defaultPageSize(100), MAX_ITEMS);
  const marker = call.params.get('Marker') || undefined;
  const page = paginate(call.identity.account.distributions, {
    op: 'ListDistributions',
    idOf: d => d.Id,
    token: marker,
    size,
    invalidToken: () => new AwsApiError('InvalidArgument', 'Invalid value for Marker'),
  });
  return {
    DistributionList: {
      Marker: marker ?? '',
      NextMarker: page.next,
      MaxItems: size,
      IsTruncated: page.next !== undefined,
      Quantity: page.items.length,
      Items: page.items,
    },
  };
};

/** The simulated CloudFront API (REST-XML, version 2020-05-31). */
export const cloudfrontService: ServiceDefinition = {
  name: 'cloudfront',
  protocol: 'rest-xml',
  xmlNamespace: 'http://cloudfront.amazonaws.com/doc/2020-05-31/',
  model: cloudfrontWireModel,
  iamAction: action => `cloudfront:${action}`,
  operations: { ListDistributions: listDistributions },
};
