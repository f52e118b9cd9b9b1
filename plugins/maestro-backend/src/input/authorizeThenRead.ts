import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { BasicPermission } from '@backstage/plugin-permission-common';
import type express from 'express';
import type { RequestContext } from '../service/RequestContext';

/**
 * Authorizes the caller for every one of `permissions` (in order; 403 naming the first denied), then reads the JSON
 * body with `readBody`: a caller who may not act never gets the body parsed. A refusal before the end of the body
 * closes the connection (the rest is not read).
 */
export async function authorizeThenRead(
  context: RequestContext,
  readBody: express.RequestHandler,
  req: express.Request,
  res: express.Response,
  ...permissions: [BasicPermission, ...BasicPermission[]]
): Promise<BackstageCredentials> {
  return decideThenRead(readBody, req, res, async () => {
    let credentials: BackstageCredentials | undefined;
    for (const permission of permissions) credentials = await context.authorize(req, permission);
    return credentials!;
  });
}

/**
 * Runs `decide` (authentication and authorization: whatever must refuse the caller before the body is read), then
 * reads the JSON body with `readBody`, and answers what `decide` answered. A refusal before the end of the body
 * closes the connection (the rest is not read).
 */
export async function decideThenRead<T>(
  readBody: express.RequestHandler,
  req: express.Request,
  res: express.Response,
  decide: () => Promise<T>,
): Promise<T> {
  try {
    const decision = await decide();
    await new Promise<void>((resolve, reject) => readBody(req, res, error => (error ? reject(error) : resolve())));
    return decision;
  } catch (error) {
    if (!req.complete) res.setHeader('Connection', 'close');
    throw error;
  }
}
