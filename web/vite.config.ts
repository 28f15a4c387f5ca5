import { defineConfig } from 'vite';

export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  // MapLibre alone is about 1 MB minified; a bigger chunk than that is worth a warning.
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1600,
    // Three pages: the map, the dossier inbox, and public dossier tracking.
    rollupOptions: {
      input: {
        map: new URL('index.html', import.meta.url).pathname,
        inbox: new URL('inbox.html', import.meta.url).pathname,
        track: new URL('track.html', import.meta.url).pathname,
      },
    },
  },
});
