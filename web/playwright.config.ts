import { defineConfig } from '@playwright/test';

// Runs against a whole platform someone else started (tests/EndToEnd.Tests/BrowserTests.cs, or
// AppHost/scripts/run.sh by hand): AETHEX_GATEWAY_URL is its gateway, AETHEX_RTMP_URL its ingest.
const baseURL = process.env.AETHEX_GATEWAY_URL ?? 'http://localhost:8080';

export default defineConfig({
  testDir: './tests',
  timeout: 300_000,
  // Generous: on a shared 2-core machine three players, ffmpeg and the whole platform compete for the CPU.
  expect: { timeout: 45_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL,
    headless: true,
    viewport: { width: 1366, height: 800 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      // Debian's Chromium, never a downloaded one; flags keep it off the network it cannot reach.
      executablePath: process.env.AETHEX_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync',
      ],
    },
  },
});
