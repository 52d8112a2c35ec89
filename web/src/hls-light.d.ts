// hls.js ships its light build (no subtitles, DRM or alternate audio) without a types entry.
declare module 'hls.js/light' {
  export * from 'hls.js';
  export { default } from 'hls.js';
}
