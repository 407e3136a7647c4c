/** True only in test builds (`--mode *-test`); release builds strip every branch that reads it. */
declare const __TEST_BUILD__: boolean;
/** The browser a build targets; set by vite.config.ts from the build mode. */
declare const __BROWSER__: 'chrome' | 'firefox';
