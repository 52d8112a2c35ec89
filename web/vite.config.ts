import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import preact from '@preact/preset-vite';

// The platform the dev server forwards API, chat, playback and media requests to.
const platform = process.env.AETHEX_PLATFORM_URL ?? 'http://localhost:8080';

/**
 * Writes .br and .gz twins of the hashed assets next to them, once at build time: the gateway
 * sends the twin a browser accepts, so no request pays for compressing a file that never changes.
 */
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'aethex-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    writeBundle(_options, bundle) {
      for (const fileName of Object.keys(bundle)) {
        if (!/\.(js|css|svg|json)$/.test(fileName)) continue;
        const item = bundle[fileName];
        const source = item.type === 'chunk' ? Buffer.from(item.code) : Buffer.from(item.source);
        if (source.length < 1024) continue;
        const path = join(outDir, fileName);
        writeFileSync(`${path}.br`, brotliCompressSync(source, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        writeFileSync(`${path}.gz`, gzipSync(source, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  plugins: [preact(), precompress()],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    target: 'es2022',
    sourcemap: false,
    // Compressing twins takes most of the build by design; no need to report it each time.
    rolldownOptions: { checks: { pluginTimings: false } },
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': { target: platform, changeOrigin: false },
      '/hubs': { target: platform, ws: true },
      '/hls': { target: platform },
      '/media': { target: platform },
      '/.well-known': { target: platform },
    },
  },
});
