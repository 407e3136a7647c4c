import type { Diagnosis, PageRequestOf as Req } from '../../src/messages/index.ts';
import { getVault } from '../platform.ts';
import { diagnose } from './diagnose.ts';
import { observationsFor } from './observe.ts';

/** site.doctor: the findings for one site, from the vault only (no Cognito call). */
export async function siteDoctor(req: Req<'site.doctor'>): Promise<Diagnosis[]> {
  return diagnose(await observationsFor(await getVault(), req.origin, Date.now()));
}
