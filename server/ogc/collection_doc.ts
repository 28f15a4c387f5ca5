import type { CollectionFacts } from './collection_catalog';
import type { CollectionView } from './collection_def';
import { type Crs, crs84Uri, storageCrsUri } from './crs';
import { link, mediaType } from './links';

const gregorian = 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian';
const wholeWorld = [-180, -90, 180, 90] as const;

/** The URL of a collection under the API base. */
export const collectionUrl = (base: string, id: string): string => `${base}/collections/${id}`;

/**
 * The description of one collection: extent (CRS84 bbox, time span where the data has
 * one), the CRSs it can be served in, its storage CRS and the links clients follow.
 */
export function collectionDocument(
  view: CollectionView,
  facts: CollectionFacts,
  crsList: readonly Crs[],
  base: string,
) {
  const url = collectionUrl(base, view.def.id);
  const schemaTitle = 'JSON schema of the features';
  return {
    id: view.def.id,
    title: view.def.title,
    description: view.def.description,
    keywords: view.def.keywords,
    itemType: 'feature',
    extent: {
      spatial: { bbox: [facts.bbox ?? wholeWorld], crs: crs84Uri },
      ...(facts.interval ? { temporal: { interval: [facts.interval], trs: gregorian } } : {}),
    },
    crs: crsList.map((crs) => crs.uri),
    storageCrs: facts.storageSrid === null ? crs84Uri : storageCrsUri(crsList, facts.storageSrid),
    links: [
      link(url, 'self', mediaType.json, view.def.title),
      link(`${url}/items`, 'items', mediaType.geojson, 'Features (GeoJSON)'),
      link(
        `${url}/queryables`,
        'http://www.opengis.net/def/rel/ogc/1.0/queryables',
        mediaType.schema,
        'Queryables',
      ),
      link(`${url}/schema`, 'describedby', mediaType.schema, schemaTitle),
      // GDAL before 3.8 looks for this spelling only.
      link(`${url}/schema`, 'describedBy', mediaType.schema, schemaTitle),
    ],
  };
}

/** The `/collections` document. */
export function collectionsDocument(
  entries: readonly ReturnType<typeof collectionDocument>[],
  crsList: readonly Crs[],
  base: string,
) {
  return {
    links: [link(`${base}/collections`, 'self', mediaType.json, 'Collections')],
    crs: crsList.map((crs) => crs.uri),
    collections: entries,
  };
}
