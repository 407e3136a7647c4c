// Every client × flow × pool cell of the conformance matrix (test/conformance) in Chromium.
import { describeMatrix } from '../conformance/describe-matrix.ts';

describeMatrix('chromium');
