/** Owner proposed for new records and new discovery connections. */
export const DEFAULT_OWNER = 'group:default/maestro-admins';
