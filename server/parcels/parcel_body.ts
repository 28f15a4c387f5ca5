import type pg from 'pg';
import { can, coversCommune } from '../auth/access_policy';
import type { Principal } from '../auth/principal';
import { staffParcelDetails } from './parcel_details';
import { currentVersionMeta, parcelLineage } from './parcel_record';

/**
 * What GET /api/parcels/{id} answers for staff: the details of the info panel (holders
 * only for roles and communes that may see them), the version with its source, author and
 * boundary in WGS84, and the lineage. Undefined when the parcel is not current.
 */
export async function staffParcelBody(
  db: pg.ClientBase | pg.Pool,
  principal: Principal,
  parcelId: number,
): Promise<(Record<string, unknown> & { versionNo: number }) | undefined> {
  const withHolders = (communeId: number) =>
    can(principal, 'parcel:read_holders') && coversCommune(principal, communeId);
  const details = await staffParcelDetails(db, parcelId, withHolders);
  const meta = await currentVersionMeta(db, parcelId);
  if (!details || !meta) return undefined;
  return {
    ...details,
    versionNo: meta.versionNo,
    landAddress: meta.landAddress,
    validFrom: meta.validFrom,
    validTo: meta.validTo,
    source: meta.source,
    reason: meta.reason,
    author: meta.author,
    geometry: meta.geometry,
    lineage: await parcelLineage(db, parcelId),
  };
}
