import type { FakeClassicLoadBalancer } from '../../../world/types';
import { elbWireModel } from '../../wire/generated/elb';
import { AwsApiError, validationError } from '../errors';
import type { ApiCall, OperationHandler, ServiceDefinition } from '../types';
import { markerPage, pageSizeError } from './paging';

/** The load balancers named in `LoadBalancerNames`, failing like ELB when one does not exist. */
function named(call: ApiCall, names: string[]): FakeClassicLoadBalancer[] {
  const all = call.region.classicLoadBalancers;
  return names.map(name => {
    const found = all.find(lb => lb.LoadBalancerName === name);
    if (!found) {
      throw new AwsApiError('LoadBalancerNotFound', `There is no ACTIVE Load Balancer named '${name}'`);
    }
    return found;
  });
}

const describeLoadBalancers: OperationHandler = call => {
  const names = call.params.list('LoadBalancerNames');
  const items = names.length > 0 ? named(call, names) : call.region.classicLoadBalancers;
  const page = markerPage(call, items, {
    idOf: lb => lb.LoadBalancerName,
    sizeParam: 'PageSize',
    min: 1,
    max: 400,
    rangeError: pageSizeError,
  });
  return { LoadBalancerDescriptions: page.items, NextMarker: page.next };
};

const describeTags: OperationHandler = call => {
  const names = call.params.list('LoadBalancerNames');
  if (names.length === 0) {
    throw validationError("Value null at 'loadBalancerNames' failed to satisfy constraint: Member must not be null");
  }
  if (names.length > 20) {
    throw validationError(
      `Value '[${names.join(
        ', ',
      )}]' at 'loadBalancerNames' failed to satisfy constraint: Member must have length less than or equal to 20`,
    );
  }
  return {
    TagDescriptions: named(call, names).map(lb => ({
      LoadBalancerName: lb.LoadBalancerName,
      Tags: lb.Tags,
    })),
  };
};

/** The simulated Classic Load Balancing API (AWS query, version 2012-06-01). */
export const elbService: ServiceDefinition = {
  name: 'elb',
  protocol: 'query',
  xmlNamespace: 'http://elasticloadbalancing.amazonaws.com/doc/2012-06-01/',
  model: elbWireModel,
  iamAction: action => `elasticloadbalancing:${action}`,
  operations: {
    DescribeLoadBalancers: describeLoadBalancers,
    DescribeTags: describeTags,
  },
};
