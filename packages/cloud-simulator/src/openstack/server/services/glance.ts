import { OpenStackApiError } from '../errors';
import { filterByAttributes, nextQuery, paginate } from '../pagination';
import type { ServiceRequest, ServiceResponse } from '../types';

/**
 * Glance (`image`, `/<region>/image`): `GET /v2/images` (attribute filters such as `?visibility=private`,
 * `limit`/`marker` paging with a relative `next` link `/v2/images?limit=…&marker=…` only when there are more) and
 * `GET /v2/images/{id}` (the image itself, not wrapped).
 */
export function handleGlance(request: ServiceRequest): ServiceResponse {
  const [prefix, collection, id, extra] = request.path;
  if (prefix !== 'v2' || collection !== 'images' || extra !== undefined) {
    throw new OpenStackApiError(404, 'The resource could not be found.');
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    throw new OpenStackApiError(405, 'The method is not allowed for this resource.');
  }
  const { images } = request.region;
  if (id !== undefined) {
    const image = images.find(i => i.id === id);
    if (!image) throw new OpenStackApiError(404, `No image found with ID ${id}`);
    return { status: 200, body: image };
  }
  const filtered = filterByAttributes(images, request.query);
  const page = paginate(
    request,
    filtered,
    marker => new OpenStackApiError(400, `Invalid marker. Image ${marker} could not be found.`),
    filtered === images,
  );
  const body: Record<string, unknown> = {
    images: page.items,
    first: '/v2/images',
    schema: '/v2/schemas/images',
  };
  if (page.nextMarker) body.next = `/v2/images?${nextQuery(request, page)}`;
  return { status: 200, body };
}
