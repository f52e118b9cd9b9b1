/**
 * Annotation keys Maestro puts on the catalog entities it projects. One namespace, `maestro.backstage.io/`.
 * @public
 */
export const MAESTRO_ANNOTATION_PREFIX = 'maestro.backstage.io/';

/** Id of the Maestro store record behind an entity. @public */
export const ANNOTATION_MAESTRO_RECORD_ID = 'maestro.backstage.io/record-id';
/** Version of the store record that produced the entity. @public */
export const ANNOTATION_MAESTRO_RECORD_VERSION = 'maestro.backstage.io/record-version';
/** Where the record came from: `manual` (people, API) or `discovery/<connection>`. @public */
export const ANNOTATION_MAESTRO_SOURCE = 'maestro.backstage.io/source';

/** Location type used in `backstage.io/managed-by-location` for entities owned by the Maestro store. @public */
export const MAESTRO_LOCATION_TYPE = 'maestro';
