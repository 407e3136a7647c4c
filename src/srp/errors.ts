/** Raised for malformed SRP input and for the protocol's abort conditions (A or B ≡ 0 mod N, u = 0). */
export class SrpError extends Error {
  override name = 'SrpError';
}
