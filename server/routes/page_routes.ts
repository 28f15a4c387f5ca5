import Router from '@koa/router';

/**
 * Short addresses for the web client's pages: /portal, /inbox, /track, /imports, /portal/my.
 * The query goes along (`/track?code=…` from a receipt's QR code, `/inbox?dossier=…`).
 */
export function pageRoutes(): Router {
  const router = new Router();
  for (const page of ['portal', 'inbox', 'track', 'imports']) {
    router.get(`/${page}`, (ctx) => {
      ctx.redirect(`/${page}.html${ctx.search}`);
    });
  }
  // The citizen's page; the sign-in callback's ?signin=failed goes along.
  router.get('/portal/my', (ctx) => {
    ctx.redirect(`/portal-my.html${ctx.search}`);
  });
  return router;
}
