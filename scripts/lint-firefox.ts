// `npm run lint:firefox`: web-ext lint (the addons.mozilla.org linter, offline) on the release build
// dist/firefox. Errors fail; so does any warning not in JUSTIFIED (each is explained in README, "Store builds").
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));

interface LintMessage {
  code: string;
  message: string;
  description?: string;
  file?: string;
  line?: number;
}
interface LintReport {
  summary: { errors: number; warnings: number; notices: number };
  errors: LintMessage[];
  warnings: LintMessage[];
  notices: LintMessage[];
}

/** Warning code → file it may come from → why it is acceptable. */
export const JUSTIFIED: Record<string, { file: RegExp; about?: string; why: string }> = {
  KEY_FIREFOX_UNSUPPORTED_BY_MIN_VERSION: {
    file: /^manifest\.json$/,
    about: 'data_collection_permissions',
    why: 'data_collection_permissions is required by AMO and ignored by Firefox 128-139',
  },
  KEY_FIREFOX_ANDROID_UNSUPPORTED_BY_MIN_VERSION: {
    file: /^manifest\.json$/,
    about: 'data_collection_permissions',
    why: 'the same key on Firefox for Android before 142',
  },
  UNSAFE_VAR_ASSIGNMENT: {
    file: /^assets\/[\w.-]+\.js$/,
    why: "Preact's renderer supports dangerouslySetInnerHTML; the popup never uses it",
  },
};

function lint(dir: string): LintReport {
  let out: string;
  try {
    out = execFileSync(
      'npx',
      ['web-ext', 'lint', '--source-dir', dir, '--output', 'json', '--no-config-discovery'],
      {
        cwd: root,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
  } catch (error) {
    // web-ext exits non-zero when it finds errors; the report is still on stdout.
    out = String((error as { stdout?: string }).stdout ?? '');
  }
  return JSON.parse(out) as LintReport;
}

const dir = process.argv[2] ?? 'dist/firefox';
if (!existsSync(`${root}/${dir}/manifest.json`)) {
  console.error(`no build in ${dir}: run npm run build`);
  process.exit(1);
}
const report = lint(dir);
let bad = 0;
for (const m of report.errors) {
  bad++;
  console.log(`error    ${m.code}  ${m.file ?? ''}${m.line ? `:${m.line}` : ''}  ${m.message}`);
}
for (const m of report.warnings) {
  const justified = JUSTIFIED[m.code];
  const ok = justified
    ? justified.file.test(m.file ?? '') &&
      (justified.about === undefined || (m.description ?? '').includes(justified.about))
    : false;
  if (!ok) bad++;
  console.log(
    `warning  ${m.code}  ${m.file ?? ''}  ${m.message}${ok ? `  (justified: ${justified?.why})` : '  (NOT JUSTIFIED)'}`,
  );
}
console.log(
  `web-ext lint ${dir}: ${report.summary.errors} errors, ${report.summary.warnings} warnings, ${report.summary.notices} notices; ${bad ? `${bad} not acceptable` : 'all justified'}`,
);
process.exit(bad ? 1 : 0);
