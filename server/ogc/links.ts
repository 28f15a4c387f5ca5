/** Media types of the OGC API resources. */
export const mediaType = {
  json: 'application/json',
  geojson: 'application/geo+json',
  openapi: 'application/vnd.oai.openapi+json;version=3.0',
  schema: 'application/schema+json',
  html: 'text/html',
} as const;

/** A web link as OGC API documents carry them. */
export interface Link {
  href: string;
  rel: string;
  type: string;
  title?: string;
}

/** Builds a link; `title` is left out when not given. */
export const link = (href: string, rel: string, type: string, title?: string): Link =>
  title === undefined ? { href, rel, type } : { href, rel, type, title };

/**
 * `url` with the request's query parameters, `changes` applied on top (in place when the
 * parameter was there already, appended otherwise; an undefined value removes it), so
 * paging links keep every filter.
 */
export function withQuery(
  url: string,
  query: URLSearchParams,
  changes: Record<string, string | undefined> = {},
): string {
  const next = new URLSearchParams(query);
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) next.delete(name);
    else next.set(name, value);
  }
  const text = next.toString();
  return text ? `${url}?${text}` : url;
}
