import { type FieldMap, type ParcelField, parcelFields } from '../../core/api/import_job';

/**
 * Attribute names common in Vietnamese cadastral exports (ViLIS, TMV.LIS, eKGIS,
 * MicroStation/famis conversions), compared without case, spaces or underscores. A
 * caller's FieldMap overrides any of them.
 */
export const vietnameseCadastreProfile: Readonly<Record<ParcelField, readonly string[]>> = {
  commune: ['MaXa', 'MaDVHC', 'MaXaPhuong', 'MaDonViHanhChinh', 'MaHuyenXa'],
  sheet: ['SoHieuToBanDo', 'SHBANDO', 'SoTo', 'SoToBanDo', 'ToBanDo', 'SHTO', 'SoHieuTo', 'To'],
  parcel: ['SoThuTuThua', 'SHTHUA', 'SoThua', 'SoHieuThua', 'Thua', 'STT'],
  area: ['DienTich', 'DienTichPhapLy', 'DTPL', 'DTICH', 'DT'],
  landUse: ['KyHieuMucDich', 'MDSD', 'LoaiDat', 'KHMDSD', 'MucDichSuDung', 'MucDich', 'KyHieuMDSD'],
  holder: ['TenChu', 'ChuSuDung', 'TenChuSuDung', 'ChuSD', 'HoTen', 'TenCSD'],
  address: ['DiaChi', 'DiaChiThua', 'DCThua', 'DiaChiThuaDat', 'XuDong'],
};

const squash = (name: string) => name.replace(/[\s_-]/g, '').toLowerCase();

/**
 * Resolves which of `available` attribute names holds each parcel attribute: the caller's
 * explicit choice first (which must exist), then the profile's first match.
 * Returns the map and the explicit names that were not found.
 */
export function resolveFieldMap(
  available: readonly string[],
  explicit: FieldMap = {},
  profile: Readonly<Record<ParcelField, readonly string[]>> = vietnameseCadastreProfile,
): { map: FieldMap; missing: string[] } {
  const bySquashed = new Map(available.map((name) => [squash(name), name]));
  const map: FieldMap = {};
  const missing: string[] = [];
  for (const field of parcelFields) {
    const chosen = explicit[field];
    if (chosen !== undefined) {
      const found = bySquashed.get(squash(chosen));
      if (found) map[field] = found;
      else missing.push(`${field}=${chosen}`);
      continue;
    }
    const match = profile[field].map((alias) => bySquashed.get(squash(alias))).find(Boolean);
    if (match) map[field] = match;
  }
  return { map, missing };
}
