import Router from '@koa/router';
import type pg from 'pg';
import { asPublic } from '../../core/db/transaction';

/** GET /api/crs: the coordinate systems diagis accepts, with proj4 definitions for clients. */
export function crsRoutes(deps: { publicPool: pg.Pool }): Router {
  const router = new Router({ prefix: '/api' });
  router.get('/crs', async (ctx) => {
    const rows = await asPublic(deps.publicPool, async (client) => {
      const result = await client.query(
        `SELECT c.srid, c.epsg, c.name, c.central_meridian::float8 AS central_meridian, c.zone_kind, s.proj4text
         FROM ref.crs c JOIN spatial_ref_sys s USING (srid) ORDER BY c.central_meridian, c.srid`,
      );
      return result.rows;
    });
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.body = {
      crs: rows.map((row) => ({
        srid: row.srid,
        epsg: row.epsg,
        name: row.name,
        centralMeridian: row.central_meridian,
        zoneKind: row.zone_kind,
        proj4: row.proj4text.trim(),
      })),
    };
  });
  return router;
}
