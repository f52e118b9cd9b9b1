import { createRouteRef } from '@backstage/core-plugin-api';

/** Route of the Maestro home page. @public */
export const rootRouteRef = createRouteRef({ id: 'maestro' });
