/** True only in test builds (`--mode *-test`); release builds strip every branch that reads it. */
declare const __TEST_BUILD__: boolean;
