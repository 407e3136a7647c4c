/** Where a user pool's API lives, and how to tell a Cognito endpoint from anything else. */

// us-east-1, us-gov-west-1, ap-southeast-5, cn-north-1, eu-central-2 ...
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
const MAX_REGION_LENGTH = 32;
// cognito-idp.<region>.amazonaws.com, the FIPS variant, and the China partition's .com.cn.
const COGNITO_HOST = /^cognito-idp(-fips)?\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/;
// Model pattern for UserPoolId is [\w-]+_[0-9a-zA-Z]+ (at most 55 chars).
const USER_POOL_ID = /^([a-z0-9-]+)_[0-9a-zA-Z]+$/;

export function isRegion(region: unknown): region is string {
  return typeof region === 'string' && region.length <= MAX_REGION_LENGTH && REGION.test(region);
}

function assertRegion(region: unknown): asserts region is string {
  if (!isRegion(region)) {
    throw new TypeError(`Not an AWS region: ${JSON.stringify(String(region).slice(0, 40))}`);
  }
}

/** The public endpoint of the user pool API in `region`, e.g. https://cognito-idp.us-east-1.amazonaws.com/ */
export function endpointForRegion(region: string, options: { fips?: boolean } = {}): string {
  assertRegion(region);
  const service = options.fips ? 'cognito-idp-fips' : 'cognito-idp';
  const domain = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://${service}.${region}.${domain}/`;
}

/** 'us-east-1_AbC123' -> 'us-east-1'. Throws on anything that is not a user pool id. */
export function regionFromUserPoolId(userPoolId: string): string {
  const match =
    typeof userPoolId === 'string' && userPoolId.length <= 55 ? USER_POOL_ID.exec(userPoolId) : null;
  const region = match?.[1];
  if (region === undefined || !isRegion(region)) {
    throw new TypeError(`Not a Cognito user pool id: ${JSON.stringify(String(userPoolId).slice(0, 60))}`);
  }
  return region;
}

/** The region of a Cognito user pool API host name, or undefined if it is not one. */
export function regionFromCognitoHost(hostname: string): string | undefined {
  if (typeof hostname !== 'string') return undefined;
  // Host names are case-insensitive and may be written fully qualified with a trailing dot.
  const host = hostname.toLowerCase().replace(/\.$/, '');
  const match = COGNITO_HOST.exec(host);
  const region = match?.[2];
  if (region === undefined || !isRegion(region)) return undefined;
  const china = match?.[3] !== undefined;
  if (china !== region.startsWith('cn-')) return undefined;
  return region;
}

/** cognito-idp.<region>.amazonaws.com and cognito-idp-fips.<region>.amazonaws.com (and .com.cn in China). */
export function isCognitoHost(hostname: string): boolean {
  return regionFromCognitoHost(hostname) !== undefined;
}

/**
 * A validated absolute http(s) URL in canonical form (lower-case host, default port dropped,
 * path at least '/', fragment removed), so it can serve as a map key for an endpoint.
 * Throws TypeError for anything else, including URLs with credentials.
 */
export function normalizeEndpoint(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`Not an absolute URL: ${JSON.stringify(String(url).slice(0, 200))}`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new TypeError(`Cognito endpoint must be http(s), not ${parsed.protocol}`);
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new TypeError('Cognito endpoint must not carry credentials');
  }
  if (parsed.hostname === '') throw new TypeError('Cognito endpoint has no host');
  parsed.hash = '';
  return parsed.href;
}
