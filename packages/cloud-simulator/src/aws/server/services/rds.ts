import type { FakeDbInstance } from '../../../world/types';
import { rdsWireModel } from '../../wire/generated/rds';
import { AwsApiError, invalidParameterValue } from '../errors';
import type { ApiCall, OperationHandler, ServiceDefinition } from '../types';
import { markerPage } from './paging';

/** The RDS filters `Filters.Filter.N.Name` / `Filters.Filter.N.Values.Value.M` this simulator supports. */
const FILTERS: Readonly<Record<string, (db: FakeDbInstance) => string | undefined>> = {
  'db-instance-id': db => db.DBInstanceIdentifier,
  'db-cluster-id': db => db.DBClusterIdentifier,
  'dbi-resource-id': db => db.DbiResourceId,
  engine: db => db.Engine,
};

function rdsFilters(call: ApiCall): Array<[string, Set<string>]> {
  const names = new Map<string, string>();
  const values = new Map<string, Set<string>>();
  for (const [key, value] of call.params.entries()) {
    const match = /^Filters\.Filter\.(\d+)\.(Name|Values\.Value\.\d+)$/.exec(key);
    if (!match) continue;
    if (match[2] === 'Name') names.set(match[1], value);
    else values.set(match[1], (values.get(match[1]) ?? new Set()).add(value));
  }
  return [...names].map(([index, name]) => {
    if (!FILTERS[name]) {
      throw invalidParameterValue(`Unrecognized filter name: ${name}.`);
    }
    return [name, values.get(index) ?? new Set()];
  });
}

const describeDbInstances: OperationHandler = call => {
  const id = call.params.get('DBInstanceIdentifier');
  let items: readonly FakeDbInstance[] = call.region.dbInstances;
  if (id) {
    const found = items.find(db => db.DBInstanceIdentifier === id || db.DBInstanceArn === id);
    if (!found) {
      throw new AwsApiError('DBInstanceNotFound', `DBInstance ${id} not found.`, 404);
    }
    items = [found];
  }
  for (const [name, values] of rdsFilters(call)) {
    items = items.filter(db => values.has(FILTERS[name](db) ?? ''));
  }
  const page = markerPage(call, items, {
    idOf: db => db.DBInstanceIdentifier,
    sizeParam: 'MaxRecords',
    min: 20,
    max: 100,
    rangeError: value => invalidParameterValue(`Invalid value ${value} for MaxRecords. Must be between 20 and 100`),
    invalidMarker: () => invalidParameterValue('The parameter Marker is not a valid pagination token.'),
  });
  return { DBInstances: page.items, Marker: page.next };
};

/** The simulated RDS API (AWS query, version 2014-10-31). */
export const rdsService: ServiceDefinition = {
  name: 'rds',
  protocol: 'query',
  xmlNamespace: 'http://rds.amazonaws.com/doc/2014-10-31/',
  model: rdsWireModel,
  iamAction: action => `rds:${action}`,
  operations: { DescribeDBInstances: describeDbInstances },
};
