import type { Audience } from '../layers';

/** Land-use colours by code, from ref.land_use_code (cadastral map convention). */
export type LandUseColors = ReadonlyArray<{ code: string; color: string }>;

type Json = Record<string, unknown>;

const font = ['DejaVu Sans Book'];
const boldFont = ['DejaVu Sans Bold'];
/** Parcel labels: parcel_no alone from this zoom, "sheet/parcel" (tờ/thửa) from labelFullZoom. */
const labelNumberZoom = 17;
const labelFullZoom = 19;

/** A `match` expression that colours features by the land-use code in property `field`. */
export function colorByUse(field: string, colors: LandUseColors, fallback = '#e0e0e0'): unknown[] {
  if (colors.length === 0) return ['literal', fallback] as unknown[];
  return ['match', ['get', field], ...colors.flatMap(({ code, color }) => [code, color]), fallback];
}

const halo = { 'text-halo-color': '#ffffff', 'text-halo-width': 1.2 };

/**
 * The style layers of the diagis map, bottom to top. Staff see undisclosed plan zones with
 * a dashed red outline; the public style has no such layer (its tiles hold none anyway).
 */
export function styleLayers(audience: Audience, colors: LandUseColors): Json[] {
  const planOutline: Json = {
    id: 'plan-zones-outline',
    type: 'line',
    source: 'plan_zones',
    'source-layer': 'plan_zones',
    paint: { 'line-color': colorByUse('planned_use_code', colors, '#888888'), 'line-width': 2 },
  };
  const layers: Json[] = [
    {
      id: 'landuse-fill',
      type: 'fill',
      source: 'landuse',
      'source-layer': 'landuse',
      maxzoom: 15,
      paint: { 'fill-color': colorByUse('code', colors), 'fill-opacity': 0.85 },
    },
    {
      id: 'parcels-fill',
      type: 'fill',
      source: 'parcels',
      'source-layer': 'parcels',
      minzoom: 15,
      paint: { 'fill-color': colorByUse('main_use', colors), 'fill-opacity': 0.85 },
    },
    {
      id: 'plan-zones-fill',
      type: 'fill',
      source: 'plan_zones',
      'source-layer': 'plan_zones',
      paint: {
        'fill-color': colorByUse('planned_use_code', colors, '#888888'),
        'fill-opacity': 0.3,
      },
    },
    planOutline,
    ...(audience === 'staff'
      ? [
          {
            id: 'plan-zones-undisclosed',
            type: 'line',
            source: 'plan_zones',
            'source-layer': 'plan_zones',
            filter: ['==', ['get', 'disclosed'], false],
            paint: { 'line-color': '#d7191c', 'line-width': 2, 'line-dasharray': [2, 2] },
          },
        ]
      : []),
    {
      id: 'parcels-outline',
      type: 'line',
      source: 'parcels',
      'source-layer': 'parcels',
      minzoom: 15,
      paint: {
        'line-color': [
          'case',
          ['boolean', ['feature-state', 'selected'], false],
          '#0050d0',
          '#5a4632',
        ],
        'line-width': ['interpolate', ['linear'], ['zoom'], 15, 0.3, 18, 1, 22, 2],
      },
    },
    {
      id: 'map-sheets-outline',
      type: 'line',
      source: 'map_sheets',
      'source-layer': 'map_sheets',
      paint: { 'line-color': '#3b6fb6', 'line-width': 1.2, 'line-dasharray': [4, 2] },
    },
    {
      id: 'admin-units-outline',
      type: 'line',
      source: 'admin_units',
      'source-layer': 'admin_units',
      paint: {
        'line-color': '#7b3294',
        'line-width': ['match', ['get', 'level'], 'province', 3, 1.5],
        'line-dasharray': [6, 2, 1, 2],
      },
    },
    {
      id: 'stations-circle',
      type: 'circle',
      source: 'stations',
      'source-layer': 'stations',
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 3, 16, 7],
        'circle-color': ['match', ['get', 'medium'], 'water', '#1f78b4', '#e66101'],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1.5,
      },
    },
    {
      id: 'parcels-label-number',
      type: 'symbol',
      source: 'parcels',
      'source-layer': 'parcel_labels',
      minzoom: labelNumberZoom,
      maxzoom: labelFullZoom,
      layout: {
        'text-field': ['to-string', ['get', 'parcel_no']],
        'text-font': font,
        'text-size': 11,
      },
      paint: { 'text-color': '#3c2f1e', ...halo },
    },
    {
      id: 'parcels-label-sheet-parcel',
      type: 'symbol',
      source: 'parcels',
      'source-layer': 'parcel_labels',
      minzoom: labelFullZoom,
      layout: {
        'text-field': [
          'concat',
          ['to-string', ['get', 'sheet_no']],
          '/',
          ['to-string', ['get', 'parcel_no']],
        ],
        'text-font': font,
        'text-size': 13,
      },
      paint: { 'text-color': '#3c2f1e', ...halo },
    },
    {
      id: 'map-sheets-label',
      type: 'symbol',
      source: 'map_sheets',
      'source-layer': 'map_sheets',
      minzoom: 13,
      layout: {
        'text-field': ['concat', 'Tờ ', ['to-string', ['get', 'sheet_no']]],
        'text-font': boldFont,
        'text-size': 13,
      },
      paint: { 'text-color': '#3b6fb6', ...halo },
    },
    {
      id: 'admin-units-label',
      type: 'symbol',
      source: 'admin_units',
      'source-layer': 'admin_units',
      filter: ['==', ['get', 'level'], 'commune'],
      layout: { 'text-field': ['get', 'name'], 'text-font': boldFont, 'text-size': 14 },
      paint: { 'text-color': '#7b3294', ...halo },
    },
    {
      id: 'stations-label',
      type: 'symbol',
      source: 'stations',
      'source-layer': 'stations',
      minzoom: 12,
      layout: {
        'text-field': ['get', 'code'],
        'text-font': font,
        'text-size': 11,
        'text-offset': [0, 1.2],
      },
      paint: { 'text-color': '#333333', ...halo },
    },
  ];
  return layers;
}
