import type { Tag } from '@aws-sdk/client-ec2';
import { scopedName } from '../names';
import { enrichmentWarning } from '../statusErrors';
import { entityRef, stringMap } from '../translate';
import type { DiscoveredRecord } from '../types';
import { AwsClients, classifyAwsError } from './AwsClients';

/** What a list's crawl gets. */
export interface AwsListContext {
  clients: AwsClients;
  /** A region, or `global` for global services. */
  region: string;
  accountId: string;
  /** Entity ref of the connection's Datacenter. */
  datacenter: string;
  signal?: AbortSignal;
  /** Reports an enrichment that could not be read (see {@link enrichment}). */
  warn: (warning: string) => void;
}

/** One of the seed's resource lists: the calls it makes and how it translates what they return. */
export interface AwsResourceList {
  id: string;
  title: string;
  /** Read-only IAM actions the list needs (shown on AccessDenied and in the wizard's policy). */
  iamActions: string[];
  /** S3 and CloudFront are global: crawled once per connection, region `global`. */
  global?: boolean;
  /** Default interval between runs (the seed's: servers every 5 minutes … networks daily). */
  defaultFrequencyMinutes: number;
  /** Emits every resource it reads; resolves only when every page of every primary call was read. */
  crawl(ctx: AwsListContext, emit: (record: DiscoveredRecord) => void): Promise<void>;
}

/** The options of every SDK call of a crawl (`client.send(command, callOptions(ctx))`, paginators' third argument). */
export const callOptions = (ctx: AwsListContext) => ({ abortSignal: ctx.signal });

/**
 * Runs a secondary call that enriches what a primary listing returned (instance types, tags, target health …).
 * When it fails (denied, throttled, an error) the listing goes on: the caller stores what was listed and keeps the
 * enriched fields as stored (`keepFields`), and the list's status says what is missing and the IAM action to add.
 * An aborted run still stops.
 */
export async function enrichment<T>(
  ctx: AwsListContext,
  what: string,
  iamAction: string,
  read: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (ctx.signal?.aborted) throw error;
    ctx.warn(enrichmentWarning(what, error, { kind: classifyAwsError(error), iamAction, provider: 'aws' }));
    return undefined;
  }
}

export const awsName = (ctx: AwsListContext, id: string) => scopedName(['aws', ctx.accountId, ctx.region, id]);
export const awsRef = (ctx: AwsListContext, kind: string, id: string) => entityRef(kind, awsName(ctx, id));

/** Cloud tags as a string map (tag keys are unique per resource in AWS). */
export function tagMap(tags: Array<{ Key?: string; Value?: string }> | undefined): Record<string, string> | undefined {
  return stringMap((tags ?? []).map(t => [t.Key, t.Value]));
}

export const tagValue = (tags: Tag[] | undefined, ...keys: string[]) => {
  for (const key of keys) {
    const found = tags?.find(t => t.Key?.toLowerCase() === key.toLowerCase())?.Value;
    if (found) return found;
  }
  return undefined;
};

export const placement = (ctx: AwsListContext, providerId: string, zone?: string) => ({
  datacenter: ctx.datacenter,
  ...(ctx.region !== 'global' ? { region: ctx.region } : {}),
  zone,
  providerId,
});

/** `keepFields` of a record whose enrichment failed (nothing when it was read). */
export const keepWhen = (missing: boolean, fields: string[]) => (missing ? { keepFields: fields } : {});
