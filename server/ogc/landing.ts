import { link, mediaType } from './links';

/** The conformance classes this API implements (Features Part 1 core/GeoJSON/OpenAPI, Part 2 CRS, Part 3 queryables). */
export const conformanceClasses = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters',
] as const;

/** The landing page at `base` (the public URL of `/ogc`). */
export function landingPage(base: string) {
  return {
    title: 'diagis — OGC API - Features',
    description:
      'Dữ liệu đất đai công khai của Sở Nông nghiệp và Môi trường: thửa đất, tờ bản đồ, quy hoạch, ' +
      'trạm quan trắc, đơn vị hành chính. — Public land data of the provincial department: ' +
      'parcels, map sheets, land-use plan zones, monitoring stations, administrative units.',
    links: [
      link(base, 'self', mediaType.json, 'Trang chủ / This document'),
      link(`${base}/api`, 'service-desc', mediaType.openapi, 'OpenAPI 3.0 definition'),
      link(`${base}/api.html`, 'service-doc', mediaType.html, 'API documentation'),
      link(`${base}/conformance`, 'conformance', mediaType.json, 'Conformance classes'),
      link(`${base}/collections`, 'data', mediaType.json, 'Collections / Lớp dữ liệu'),
    ],
  };
}

/** The conformance declaration at `${base}/conformance`. */
export function conformancePage(base: string) {
  return {
    conformsTo: conformanceClasses,
    links: [link(`${base}/conformance`, 'self', mediaType.json)],
  };
}
