import type { WebhookTarget } from '@maestro/plugin-maestro-common';
import type { SecretBox } from '../discovery/SecretBox';
import type { OpenedWebhookTarget, StoredWebhookTarget } from './types';

/*
 * The secrets of a stored webhook: where each sealed value is bound (its owner's seal context, plus the header name or
 * `signature`), how a webhook is answered without them, and how they are opened for one call.
 */

/** Where a secret header's sealed value is bound: its owner and the header's name. */
export function headerSealContext(sealContext: string, name: string): string {
  return `${sealContext}:header:${name.toLowerCase()}`;
}

/** Where the signature secret's sealed value is bound. */
export function signatureSealContext(sealContext: string): string {
  return `${sealContext}:signature`;
}

/** A stored webhook as answered: plain header values shown, secrets never (only that one is stored). */
export function redactWebhookTarget(stored: StoredWebhookTarget): WebhookTarget {
  const target: WebhookTarget = {
    method: stored.method,
    url: stored.url,
    headers: stored.headers.map(header =>
      header.secret
        ? { name: header.name, secret: true, hasValue: !!header.sealed }
        : { name: header.name, value: header.value ?? '' },
    ),
    timeoutSeconds: stored.timeoutSeconds,
  };
  if (stored.bodyTemplate !== undefined) target.bodyTemplate = stored.bodyTemplate;
  if (stored.contentType !== undefined) target.contentType = stored.contentType;
  if (stored.signature) target.signature = { header: stored.signature.header, hasSecret: true };
  if (stored.expectedStatus) target.expectedStatus = [...stored.expectedStatus];
  return target;
}

/**
 * A stored webhook with its secrets opened, for one call (kept in memory only). Throws an Error naming the secret
 * (never its value) when it cannot be opened: no encryption key configured, or the key changed.
 */
export function openWebhookTarget(
  stored: StoredWebhookTarget,
  box: SecretBox | undefined,
  sealContext: string,
): OpenedWebhookTarget {
  const open = (sealed: string, context: string, what: string): string => {
    if (!box) throw new Error(`${what}: secrets need an encryption key (maestro.discovery.encryptionKeys)`);
    try {
      return box.open(sealed, context);
    } catch (error) {
      throw new Error(`${what}: ${(error as Error).message}`);
    }
  };
  const opened: OpenedWebhookTarget = {
    method: stored.method,
    url: stored.url,
    headers: stored.headers.map(header =>
      header.secret
        ? {
            name: header.name,
            secret: true,
            value: open(header.sealed ?? '', headerSealContext(sealContext, header.name), `header ${header.name}`),
          }
        : { name: header.name, value: header.value ?? '' },
    ),
    timeoutSeconds: stored.timeoutSeconds,
  };
  if (stored.bodyTemplate !== undefined) opened.bodyTemplate = stored.bodyTemplate;
  if (stored.contentType !== undefined) opened.contentType = stored.contentType;
  if (stored.signature) {
    opened.signature = {
      header: stored.signature.header,
      secret: open(stored.signature.sealed, signatureSealContext(sealContext), 'signature secret'),
    };
  }
  if (stored.expectedStatus) opened.expectedStatus = [...stored.expectedStatus];
  return opened;
}
