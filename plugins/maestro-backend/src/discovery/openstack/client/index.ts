/**
 * A thin, typed, read-only OpenStack client over `fetch` (Keystone v3, Nova, Neutron, Cinder, Glance, Octavia) for
 * Maestro's OpenStack discovery.
 */
export { OpenStackClient } from './OpenStackClient';
export type { ListOptions, OpenStackClientOptions, OpenStackServiceType } from './OpenStackClient';
export {
  SERVICE_TYPE_ALIASES,
  ServiceCatalog,
  buildPasswordAuthRequest,
  normalizeAuthUrl,
  serviceTypeAliases,
} from './keystone';
export type { CatalogEntry, EndpointInterface, KeystoneAuthOptions, KeystoneTokenInfo } from './keystone';
export { DEFAULT_PAGE_SIZE, nextHref, paginate, pageIterable, resolveNextHref } from './paginate';
export type { PageIterable, PaginateOptions } from './paginate';
export { DEFAULT_MAX_ERROR_BYTES, DEFAULT_MAX_RESPONSE_BYTES } from './http';
export { MAX_COMPUTE_MICROVERSION, negotiateMicroversion, parseMicroversion } from './microversion';
export { redactSecrets, secretForms } from './redact';
export {
  OpenStackAuthError,
  OpenStackConfigError,
  OpenStackConnectionError,
  OpenStackError,
  OpenStackHttpError,
  OpenStackPaginationError,
  OpenStackRedirectError,
  OpenStackResponseError,
  OpenStackServiceUnavailableError,
  OpenStackTimeoutError,
  classifyOpenStackError,
  extractOpenStackMessage,
  isOpenStackError,
} from './errors';
export type { OpenStackErrorClass, OpenStackErrorCode } from './errors';
export { isDownCellStub, isEmbeddedFlavor } from './types';
export type {
  CinderAttachment,
  CinderSnapshot,
  CinderVolume,
  GlanceImage,
  KeystoneCatalogEndpoint,
  KeystoneCatalogService,
  KeystoneScopedName,
  KeystoneToken,
  KeystoneTokenResponse,
  NeutronFixedIp,
  NeutronNetwork,
  NeutronPort,
  NeutronResource,
  NeutronRouter,
  NeutronSecurityGroup,
  NeutronSecurityGroupRule,
  NeutronSubnet,
  NovaAttachedVolume,
  NovaEmbeddedFlavor,
  NovaFlavor,
  NovaFlavorRef,
  NovaServer,
  NovaServerAddress,
  NovaServerImage,
  OctaviaLoadBalancer,
  OctaviaMember,
  OctaviaPool,
  OctaviaResource,
  OpenStackLink,
} from './types';
