import { type Link, link, mediaType, withQuery } from './links';

/** A feature as the items queries return it: geometry and properties already JSON text. */
export interface FeatureRow {
  id: string;
  geometry: string | null;
  properties: string;
}

// The geometry and properties come from PostGIS / json_build_object as JSON text; splicing
// them keeps the encoding in the database (numbers keep their scale) and saves a parse.
const featureText = (row: FeatureRow, links?: readonly Link[]): string =>
  `{"type":"Feature","id":${Number(row.id)},"geometry":${row.geometry ?? 'null'},` +
  `"properties":${row.properties}${links ? `,"links":${JSON.stringify(links)}` : ''}}`;

/** Where a page sits and how it was asked for, to build its paging links. */
export interface PageContext {
  itemsUrl: string;
  collectionUrl: string;
  /** The request's query parameters, already validated. */
  search: URLSearchParams;
  limit: number;
  offset: number;
  /** Exact number of matches; left out of the page when undefined (uncounted `after` pages). */
  matched: number | undefined;
  /** Whether features follow this page's last one. */
  more: boolean;
  timeStamp: string;
}

/**
 * Self, collection, and next/prev links that carry every query parameter of the request.
 * `next` is keyset-based: `after` the last id of this page, without `offset`, so following
 * next links never makes the database skip rows. `prev` steps `offset` back (only pages
 * asked with an offset have one; OGC API - Features makes prev optional).
 */
export function pageLinks(page: PageContext, rows: readonly FeatureRow[]): Link[] {
  const links = [
    link(withQuery(page.itemsUrl, page.search), 'self', mediaType.geojson, 'This page'),
    link(page.collectionUrl, 'collection', mediaType.json, 'The collection'),
  ];
  const limit = String(page.limit);
  const last = rows.at(-1);
  if (page.more && last) {
    const after = String(Number(last.id));
    links.push(
      link(
        withQuery(page.itemsUrl, page.search, { offset: undefined, after, limit }),
        'next',
        mediaType.geojson,
        'Next page',
      ),
    );
  }
  if (page.offset > 0) {
    const offset = String(Math.max(0, page.offset - page.limit));
    links.push(
      link(
        withQuery(page.itemsUrl, page.search, { offset, limit }),
        'prev',
        mediaType.geojson,
        'Previous page',
      ),
    );
  }
  return links;
}

/**
 * A GeoJSON FeatureCollection page with numberMatched (when counted), numberReturned,
 * timeStamp and links.
 */
export function featureCollectionText(rows: readonly FeatureRow[], page: PageContext): string {
  const head = {
    type: 'FeatureCollection',
    ...(page.matched === undefined ? {} : { numberMatched: page.matched }),
    numberReturned: rows.length,
    timeStamp: page.timeStamp,
    links: pageLinks(page, rows),
  };
  const opening = JSON.stringify(head).slice(0, -1);
  return `${opening},"features":[${rows.map((row) => featureText(row)).join(',')}]}`;
}

/** One GeoJSON Feature with its self and collection links. */
export function singleFeatureText(
  row: FeatureRow,
  featureUrl: string,
  collectionUrl: string,
): string {
  return featureText(row, [
    link(featureUrl, 'self', mediaType.geojson, 'This feature'),
    link(collectionUrl, 'collection', mediaType.json, 'The collection'),
  ]);
}
