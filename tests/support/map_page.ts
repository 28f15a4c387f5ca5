import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Page } from 'playwright-core';

/** Waits until the map has its style, all visible tiles, and is not moving. */
export const waitForIdleMap = (page: Page) =>
  page.waitForFunction(
    () => {
      const map = (window as unknown as { diagisMap?: MapLibreMap }).diagisMap;
      return map?.loaded() && map.areTilesLoaded() && !map.isMoving();
    },
    undefined,
    { timeout: 45_000, polling: 250 },
  );

/** Page coordinates of a WGS84 position on the map canvas. */
export const onScreen = (page: Page, lngLat: number[]) =>
  page.evaluate((position) => {
    const map = (window as unknown as { diagisMap: MapLibreMap }).diagisMap;
    const rect = map.getCanvas().getBoundingClientRect();
    const pixel = map.project(position as [number, number]);
    return { x: pixel.x + rect.left, y: pixel.y + rect.top };
  }, lngLat);

/** Parcel ids currently drawn from the parcels tile layer. */
export const renderedParcelIds = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { diagisMap: MapLibreMap }).diagisMap
      .queryRenderedFeatures()
      .filter((feature) => feature.sourceLayer === 'parcels')
      .map((feature) => Number(feature.id)),
  );
