import { CATALOG_TYPES, type OpenStackServiceType } from './types';

/** Faults the OpenStack simulator injects; settable at any time through `OpenStackSimulator.faults`. */
export interface OpenStackFaults {
  /**
   * Catalog types left out of the catalogs issued from now on (`['load-balancer']`). A service whose every catalog
   * type is missing (`volumev3` and `block-storage` both name Cinder) answers 404 at its URLs too.
   */
  missingServices?: string[];
  /**
   * After this many successful service requests (counted from when the fault is set), every token issued so far is
   * revoked, once: the next request answers 401 and the client must authenticate again ("401 mid-crawl").
   * 0 revokes them before the next request.
   */
  unauthorizedAfterRequests?: number;
  /** An HTTP status every request to a service answers, by catalog type (`{ volumev3: 503 }`), in its error shape. */
  failServices?: Record<string, number>;
  /** Regions whose services all answer 503 in their error shape (Keystone keeps working). */
  failRegions?: string[];
  /** Delay added to the responses of a region's services, in milliseconds, by region. */
  slowRegions?: Record<string, number>;
  /** Delay added to every response (Keystone included), in milliseconds. */
  latencyMs?: number;
  /**
   * Ids of servers whose Nova cell is down. From microversion 2.69 they are listed as stubs (`id`, `status`
   * `UNKNOWN`, `tenant_id`, `created`, security group names, `links`: `servers/v2.69/servers-details-resp.json`)
   * and shown as one (`server-get-resp.json`); before 2.69 they are left out of listings, as Nova does with
   * `[api] list_records_by_skipping_down_cells`, and showing one answers 503.
   */
  downCellServers?: readonly string[];
  /**
   * Keystone refuses every token request with a 400 whose message repeats the request body, password included, as
   * a misconfigured Keystone or a proxy echoing what it refused does.
   */
  echoAuthRequests?: boolean;
}

/** The catalog types naming a service. */
function typesOf(service: OpenStackServiceType): string[] {
  return CATALOG_TYPES.filter(c => c.service === service).map(c => c.type);
}

/** Whether every catalog type of a service is in `missingServices`. */
export function serviceMissing(faults: OpenStackFaults, service: OpenStackServiceType): boolean {
  const missing = faults.missingServices;
  return !!missing && typesOf(service).every(t => missing.includes(t));
}

/** The status `failServices` gives a service (under any of its catalog types), if any. */
export function failingStatus(faults: OpenStackFaults, service: OpenStackServiceType): number | undefined {
  const fail = faults.failServices;
  if (!fail) return undefined;
  for (const type of typesOf(service)) {
    if (Object.prototype.hasOwnProperty.call(fail, type)) return fail[type];
  }
  return undefined;
}

/** Carries out `unauthorizedAfterRequests`: counts successful requests since the fault was set, and fires once. */
export class TokenRevocationFault {
  private faults?: OpenStackFaults;
  private threshold?: number;
  private count = 0;
  private fired = false;

  private sync(faults: OpenStackFaults): void {
    if (faults !== this.faults || faults.unauthorizedAfterRequests !== this.threshold) {
      this.faults = faults;
      this.threshold = faults.unauthorizedAfterRequests;
      this.count = 0;
      this.fired = false;
    }
  }

  /** Whether the tokens must be revoked now (before a request, or after a successful one with `succeeded`). */
  due(faults: OpenStackFaults, succeeded = false): boolean {
    this.sync(faults);
    if (this.threshold === undefined || this.fired) return false;
    if (succeeded) this.count++;
    if (this.count < this.threshold) return false;
    this.fired = true;
    return true;
  }
}
