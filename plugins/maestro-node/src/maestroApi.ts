import type { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';

/**
 * Reads `path` of the `maestro` plugin's REST API (e.g. `/records?active=true&after=`) as the calling plugin itself:
 * its base URL from discovery, a service token for target `maestro`. A non-2xx answer is thrown as a
 * `ResponseError`. For modules of other plugins (catalog, search) that must not reach the plugin's database.
 *
 * @public
 */
export async function readMaestroApi<T>(
  services: { discovery: DiscoveryService; auth: AuthService },
  path: string,
  options: { signal?: AbortSignal } = {},
): Promise<T> {
  const baseUrl = await services.discovery.getBaseUrl('maestro');
  const { token } = await services.auth.getPluginRequestToken({
    onBehalfOf: await services.auth.getOwnServiceCredentials(),
    targetPluginId: 'maestro',
  });
  const response = await fetch(`${baseUrl}${path}`, {
    headers: { Authorization: `Bearer ${token}` },
    signal: options.signal,
  });
  if (!response.ok) throw await ResponseError.fromResponse(response);
  return (await response.json()) as T;
}
