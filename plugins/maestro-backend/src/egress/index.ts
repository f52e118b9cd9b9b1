export { EgressDeniedError, EgressPolicy, parseAllowEntry } from './EgressPolicy';
export type { LookupFunction, OwnAddress, Resolver } from './EgressPolicy';
export { egressDispatcher, egressNodeAgents } from './agents';
export type { EgressTlsOptions } from './agents';
