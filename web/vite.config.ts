import { defineConfig } from 'vite';

export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  // MapLibre alone is about 1 MB minified; a bigger chunk than that is worth a warning.
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1600,
    // The staff map, the dossier inbox, public dossier tracking, the public portal, imports
    // and the citizen's own page (portal-my).
    rollupOptions: {
      input: {
        map: new URL('index.html', import.meta.url).pathname,
        inbox: new URL('inbox.html', import.meta.url).pathname,
        track: new URL('track.html', import.meta.url).pathname,
        portal: new URL('portal.html', import.meta.url).pathname,
        imports: new URL('imports.html', import.meta.url).pathname,
        portalMy: new URL('portal-my.html', import.meta.url).pathname,
      },
    },
  },
});
