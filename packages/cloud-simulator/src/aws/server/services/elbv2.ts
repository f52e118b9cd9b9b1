import type { FakeLoadBalancer, FakeTarget, FakeTargetGroup } from '../../../world/types';
import { elbv2WireModel } from '../../wire/generated/elbv2';
import { AwsApiError, validationError } from '../errors';
import type { ApiCall, OperationHandler, ServiceDefinition } from '../types';
import { markerPage, pageSizeError } from './paging';

function loadBalancerNotFound(): AwsApiError {
  return new AwsApiError('LoadBalancerNotFound', 'One or more load balancers not found');
}

function targetGroupNotFound(): AwsApiError {
  return new AwsApiError('TargetGroupNotFound', 'One or more target groups not found');
}

function loadBalancerByArn(call: ApiCall, arn: string): FakeLoadBalancer {
  const found = call.region.loadBalancers.find(lb => lb.LoadBalancerArn === arn);
  if (!found) throw loadBalancerNotFound();
  return found;
}

function targetGroupByArn(call: ApiCall, arn: string): FakeTargetGroup {
  const found = call.region.targetGroups.find(tg => tg.TargetGroupArn === arn);
  if (!found) throw targetGroupNotFound();
  return found;
}

const describeLoadBalancers: OperationHandler = call => {
  const arns = call.params.list('LoadBalancerArns');
  const names = call.params.list('Names');
  if (arns.length > 0 && names.length > 0) {
    throw validationError('Load balancer names and load balancer ARNs cannot be specified at the same time');
  }
  let items: readonly FakeLoadBalancer[] = call.region.loadBalancers;
  if (arns.length > 0) items = arns.map(arn => loadBalancerByArn(call, arn));
  if (names.length > 0) {
    items = names.map(name => {
      const found = call.region.loadBalancers.find(lb => lb.LoadBalancerName === name);
      if (!found) throw loadBalancerNotFound();
      return found;
    });
  }
  const page = markerPage(call, items, {
    idOf: lb => lb.LoadBalancerArn,
    sizeParam: 'PageSize',
    min: 1,
    max: 400,
    rangeError: pageSizeError,
  });
  return { LoadBalancers: page.items, NextMarker: page.next };
};

const describeTags: OperationHandler = call => {
  const arns = call.params.list('ResourceArns');
  if (arns.length === 0) {
    throw validationError("Value null at 'resourceArns' failed to satisfy constraint: Member must not be null");
  }
  if (arns.length > 20) {
    throw validationError(
      `Value '[${arns.join(
        ', ',
      )}]' at 'resourceArns' failed to satisfy constraint: Member must have length less than or equal to 20`,
    );
  }
  return {
    TagDescriptions: arns.map(arn => {
      if (arn.includes(':targetgroup/')) {
        return { ResourceArn: arn, Tags: targetGroupByArn(call, arn).Tags };
      }
      if (arn.includes(':listener/')) {
        const owner = call.region.loadBalancers.find(lb => lb.Listeners.some(l => l.ListenerArn === arn));
        if (!owner) {
          throw new AwsApiError('ListenerNotFound', 'One or more listeners not found');
        }
        return { ResourceArn: arn, Tags: [] };
      }
      return { ResourceArn: arn, Tags: loadBalancerByArn(call, arn).Tags };
    }),
  };
};

const describeTargetGroups: OperationHandler = call => {
  const lbArn = call.params.get('LoadBalancerArn');
  const arns = call.params.list('TargetGroupArns');
  const names = call.params.list('Names');
  let items: readonly FakeTargetGroup[] = call.region.targetGroups;
  if (lbArn) {
    loadBalancerByArn(call, lbArn);
    items = items.filter(tg => tg.LoadBalancerArns.includes(lbArn));
  }
  if (arns.length > 0) items = arns.map(arn => targetGroupByArn(call, arn));
  if (names.length > 0) {
    items = names.map(name => {
      const found = call.region.targetGroups.find(tg => tg.TargetGroupName === name);
      if (!found) throw targetGroupNotFound();
      return found;
    });
  }
  const page = markerPage(call, items, {
    idOf: tg => tg.TargetGroupArn,
    sizeParam: 'PageSize',
    min: 1,
    max: 400,
    rangeError: pageSizeError,
  });
  return { TargetGroups: page.items, NextMarker: page.next };
};

/**
 * A target's health now: its stored health, except that instances that are not running (or no longer exist)
 * are reported `unused` as ELBv2 does, and stopped-then-started instances are reported healthy again.
 */
function liveHealth(call: ApiCall, target: FakeTarget): FakeTarget {
  const instance = call.region.instances.find(i => i.InstanceId === target.Target.Id);
  const state = instance ? instance.State.Name : 'terminated';
  if (state !== 'running') {
    return {
      ...target,
      TargetHealth: {
        State: 'unused',
        Reason: 'Target.InvalidState',
        Description: `Target is in the ${state} state`,
      },
    };
  }
  if (target.TargetHealth.State === 'unused') {
    return { ...target, TargetHealth: { State: 'healthy' } };
  }
  return target;
}

const describeTargetHealth: OperationHandler = call => {
  const arn = call.params.get('TargetGroupArn');
  if (!arn) {
    throw validationError("Value null at 'targetGroupArn' failed to satisfy constraint: Member must not be null");
  }
  const group = targetGroupByArn(call, arn);
  const wanted = new Set<string>();
  for (const [key, value] of call.params.entries()) {
    if (/^Targets\.member\.\d+\.Id$/.test(key)) wanted.add(value);
  }
  const targets = wanted.size ? group.Targets.filter(t => wanted.has(t.Target.Id ?? '')) : group.Targets;
  return { TargetHealthDescriptions: targets.map(t => liveHealth(call, t)) };
};

const describeListeners: OperationHandler = call => {
  const lbArn = call.params.get('LoadBalancerArn');
  const arns = call.params.list('ListenerArns');
  if (!lbArn && arns.length === 0) {
    throw validationError('You must specify either listener ARNs or a load balancer ARN');
  }
  const items = lbArn
    ? loadBalancerByArn(call, lbArn).Listeners
    : arns.map(arn => {
        for (const lb of call.region.loadBalancers) {
          const found = lb.Listeners.find(l => l.ListenerArn === arn);
          if (found) return found;
        }
        throw new AwsApiError('ListenerNotFound', 'One or more listeners not found');
      });
  const page = markerPage(call, items, {
    idOf: l => l.ListenerArn,
    sizeParam: 'PageSize',
    min: 1,
    max: 400,
    rangeError: pageSizeError,
  });
  return { Listeners: page.items, NextMarker: page.next };
};

/** The simulated Elastic Load Balancing v2 API (AWS query, version 2015-12-01). */
export const elbv2Service: ServiceDefinition = {
  name: 'elbv2',
  protocol: 'query',
  xmlNamespace: 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/',
  model: elbv2WireModel,
  iamAction: action => `elasticloadbalancing:${action}`,
  operations: {
    DescribeLoadBalancers: describeLoadBalancers,
    DescribeTags: describeTags,
    DescribeTargetGroups: describeTargetGroups,
    DescribeTargetHealth: describeTargetHealth,
    DescribeListeners: describeListeners,
  },
};
