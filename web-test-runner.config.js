// Component tests: real Chromium (Debian's /usr/bin/chromium), TypeScript through esbuild.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';

/** Ends the run with a plain "N passed, N failed" line (CI reads it). */
function countReporter() {
  return {
    onTestRunFinished({ sessions }) {
      let passed = 0;
      let failed = 0;
      let skipped = 0;
      const walk = (suite) => {
        for (const t of suite.tests) t.skipped ? skipped++ : t.passed ? passed++ : failed++;
        for (const s of suite.suites) walk(s);
      };
      for (const s of sessions) {
        if (s.testResults) walk(s.testResults);
        if (!s.passed && !s.testResults?.tests.length && !s.testResults?.suites.length) failed++;
      }
      console.log(`\ncomponents: ${passed} passed, ${failed} failed, ${skipped} skipped`);
    },
  };
}

const executablePath = process.env.CHROME_PATH || '/usr/bin/chromium';

export default {
  files: 'test/components/**/*.test.ts',
  nodeResolve: true,
  reporters: [defaultReporter(), summaryReporter({ flatten: false }), countReporter()],
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
  // "ResizeObserver loop completed with undelivered notifications" is the browser's benign notice
  // that a resize observer (the pipeline's row virtualizer measuring rows) caused another layout
  // in the same frame; nothing is lost, and error trackers ignore it. It would otherwise count as
  // an uncaught error in whichever test happens to be running.
  testRunnerHtml: (testFramework) =>
    `<!DOCTYPE html><html><head><script>addEventListener('error', (e) => { if (/ResizeObserver loop/.test(e.message)) { e.stopImmediatePropagation(); e.preventDefault(); } }, true);</script></head><body><script type="module" src="${testFramework}"></script></body></html>`,
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath,
        headless: true,
        args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage', '--disable-renderer-backgrounding', '--disable-background-timer-throttling', '--disable-backgrounding-occluded-windows'],
      },
    }),
  ],
};
