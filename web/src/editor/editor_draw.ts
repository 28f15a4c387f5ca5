import type * as maplibregl from 'maplibre-gl';
import {
  type SnapToCustom,
  TerraDraw,
  TerraDrawLineStringMode,
  TerraDrawPolygonMode,
  TerraDrawSelectMode,
  TerraDrawSessionUndoRedo,
} from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';

const blue = '#1565c0';
const orange = '#d9480f';

/**
 * A terra-draw instance on the map with the three modes the parcel editor needs: select
 * (move, add via midpoints and delete via right click the vertices of the parcel being
 * edited, never the whole feature), polygon (a new parcel) and linestring (a split line).
 * Every mode snaps through `snap` (neighbour vertices and edges). Terra-draw adds its own
 * sources and layers, so start it only once the style is loaded and stop it before the
 * style is replaced.
 */
export function createParcelDraw(map: maplibregl.Map, snap: SnapToCustom): TerraDraw {
  const snapping = { toCustom: snap };
  return new TerraDraw({
    adapter: new TerraDrawMapLibreGLAdapter({ map, prefixId: 'diagis-draw' }),
    undoRedo: { sessionLevel: new TerraDrawSessionUndoRedo() },
    modes: [
      new TerraDrawSelectMode({
        allowManualDeselection: false,
        // Deleting or rotating a whole parcel is not an edit the cadastre knows.
        keyEvents: { deselect: null, delete: null, rotate: null, scale: null },
        flags: {
          polygon: {
            feature: {
              draggable: false,
              coordinates: {
                draggable: true,
                midpoints: true,
                deletable: true,
                snappable: snapping,
              },
            },
          },
        },
        styles: {
          selectedPolygonColor: blue,
          selectedPolygonFillOpacity: 0.15,
          selectedPolygonOutlineColor: blue,
          selectedPolygonOutlineWidth: 3,
          selectionPointColor: '#ffffff',
          selectionPointOutlineColor: blue,
          selectionPointWidth: 5,
          selectionPointOutlineWidth: 2,
          midPointColor: blue,
          midPointOutlineColor: '#ffffff',
        },
      }),
      new TerraDrawPolygonMode({
        snapping,
        styles: { fillColor: blue, fillOpacity: 0.15, outlineColor: blue, outlineWidth: 3 },
      }),
      new TerraDrawLineStringMode({
        snapping,
        editable: true,
        styles: { lineStringColor: orange, lineStringWidth: 3 },
      }),
    ],
  });
}
