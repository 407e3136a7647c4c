// Evaluated before the other modules of the background (index.ts imports it first; only the chunks it
// shares with the extension pages come earlier): how long the
// rest take to evaluate is background:evaluated minus this mark (test builds; see startup-marks.ts).
import { markOnce } from './startup-marks.ts';

markOnce('background:modules-start');
