// One row per client of the conformance matrix (test/conformance) in Firefox.
import { describeMatrix } from '../conformance/describe-matrix.ts';

describeMatrix('firefox');
