import { AwsApiError, validationError } from '../errors';
import { paginate, type Page } from '../pagination';
import type { ApiCall } from '../types';

/**
 * Pages a listing of the AWS query services (ELB, ELBv2, RDS): `Marker` and a page-size parameter validated
 * against `[min, max]`, failing with `error(message)` as the service does.
 */
export function markerPage<T>(
  call: ApiCall,
  items: readonly T[],
  options: {
    idOf: (item: T) => string;
    sizeParam: string;
    min: number;
    max: number;
    rangeError: (value: number) => AwsApiError;
    invalidMarker?: () => AwsApiError;
  },
): Page<T> {
  const size = call.params.int(options.sizeParam);
  if (size !== undefined && (size < options.min || size > options.max)) {
    throw options.rangeError(size);
  }
  return paginate(items, {
    op: `${call.action}`,
    idOf: options.idOf,
    token: call.params.get('Marker') || undefined,
    size: size ?? call.defaultPageSize(options.max),
    invalidToken: options.invalidMarker ?? (() => validationError('Invalid value for Marker')),
  });
}

/** The ELB/ELBv2 `PageSize` range error. */
export function pageSizeError(value: number): AwsApiError {
  return validationError(
    value < 1
      ? `Value '${value}' at 'pageSize' failed to satisfy constraint: Member must have value greater than or equal to 1`
      : `Value '${value}' at 'pageSize' failed to satisfy constraint: Member must have value less than or equal to 400`,
  );
}
