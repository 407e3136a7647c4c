// `npm start`: the one command that shows the project working. For now it builds the extension
// for both browsers; the demo issue grows it into emulator + demo sites + a guided browser tour.
import { execFileSync } from 'node:child_process';

execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
console.log(
  '\nBuilt dist/chrome and dist/firefox. The guided demo (emulator + demo sites) is not built yet.',
);
