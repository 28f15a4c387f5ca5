import Router from '@koa/router';

/** Short addresses for the web client's pages: /portal, /inbox, /track. */
export function pageRoutes(): Router {
  const router = new Router();
  for (const page of ['portal', 'inbox', 'track']) {
    router.get(`/${page}`, (ctx) => {
      ctx.redirect(`/${page}.html`);
    });
  }
  return router;
}
