import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { maestroPlugin } from '../plugin';

/** Authorization header of a signed-in test user. */
export const userHeader = (ref = 'user:default/alice') => mockCredentials.user.header(ref);

/**
 * Starts the real Maestro plugin in a test backend (in-memory SQLite) with every permission answered `result`.
 * Requests without an Authorization header carry no credentials, as in a real backend.
 */
export async function startMaestro(
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  const { server } = await startTestBackend({
    features: [
      maestroPlugin,
      mockServices.permissions.factory({ result }),
      mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
    ],
  });
  return server;
}
