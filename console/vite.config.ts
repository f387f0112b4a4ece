// Builds the console into console/dist: hashed, bundled assets that the gateway serves at
// /console (no CDN, works offline). The persisted-documents manifest goes along, so the gateway
// accepts exactly the hashes of the console it serves.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const manifest = fileURLToPath(new URL('./src/generated/persisted-documents.json', import.meta.url));

function persistedDocumentsManifest(): Plugin {
  return {
    name: 'persisted-documents-manifest',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'persisted-documents.json', source: readFileSync(manifest, 'utf8') });
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  plugins: [persistedDocumentsManifest()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // One small app: a single chunk keeps the page to two requests.
    chunkSizeWarningLimit: 400,
    reportCompressedSize: false,
  },
});
