import { hexToBigInt, N, parseTimestamp, SrpError } from '../../../src/srp/index.ts';
import type { RequestContext } from '../../context.ts';
import { invalidParameter, notAuthorized } from '../../http/errors.ts';
import { randomChunk } from '../../random.ts';
import type { SrpExchange } from '../../sessions.ts';
import { serverEphemeral, verifierMaterial, verifyClaimNode } from '../../srp-node.ts';
import { missing } from './flow.ts';

const HEX_RE = /^[0-9a-fA-F]{1,1024}$/;

/** Checks SRP_A's form; A ≡ 0 (mod N) would let anyone in, so it is refused. */
export function checkSrpA(srpA: string | undefined): string {
  if (!srpA) throw missing('SRP_A');
  if (!HEX_RE.test(srpA)) throw invalidParameter('SRP_A must be a hex string.');
  if (hexToBigInt(srpA) % N === 0n) throw invalidParameter('SRP_A cannot be 0 mod N.');
  return srpA;
}

/** Server half of an exchange against a stored (salt, verifier). SECRET_BLOCK is random and tied to the session. */
export function startExchange(srpA: string, saltHex: string, verifierHex: string): SrpExchange {
  const material = verifierMaterial(saltHex, verifierHex);
  return {
    server: serverEphemeral(material),
    v: material.v,
    srpA,
    saltHex,
    secretBlock: randomChunk(64).toString('base64'),
  };
}

/** The form checks of a *_PASSWORD_VERIFIER answer; they do not consume the session. */
export function claimFields(responses: Record<string, string>): {
  signature: string;
  secretBlock: string;
  timestamp: string;
} {
  const signature = responses.PASSWORD_CLAIM_SIGNATURE;
  const secretBlock = responses.PASSWORD_CLAIM_SECRET_BLOCK;
  const timestamp = responses.TIMESTAMP;
  if (!signature) throw missing('PASSWORD_CLAIM_SIGNATURE');
  if (!secretBlock) throw missing('PASSWORD_CLAIM_SECRET_BLOCK');
  if (!timestamp) throw missing('TIMESTAMP');
  if (!parseTimestamp(timestamp)) {
    throw invalidParameter('TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.');
  }
  return { signature, secretBlock, timestamp };
}

/**
 * Verifies PASSWORD_CLAIM_SIGNATURE. Wrong secret, a foreign SECRET_BLOCK, a non-canonical or skewed
 * TIMESTAMP all give "Incorrect username or password.", as on Cognito.
 */
export async function verifyClaim(
  rc: RequestContext,
  exchange: SrpExchange | undefined,
  names: { namePart1: string; namePart2: string },
  claim: { signature: string; secretBlock: string; timestamp: string },
): Promise<void> {
  if (!exchange || claim.secretBlock !== exchange.secretBlock) throw notAuthorized();
  const at = parseTimestamp(claim.timestamp)!.getTime();
  if (Math.abs(at - rc.emu.now()) > rc.emu.config.timestampSkewSeconds * 1000) throw notAuthorized();
  let ok: boolean;
  try {
    ok = verifyClaimNode({
      v: exchange.v,
      server: exchange.server,
      srpA: exchange.srpA,
      salt: exchange.saltHex,
      secretBlock: exchange.secretBlock,
      ...names,
      timestamp: claim.timestamp,
      signature: claim.signature,
    });
  } catch (err) {
    if (err instanceof SrpError) throw notAuthorized();
    throw err;
  }
  if (!ok) throw notAuthorized();
}
