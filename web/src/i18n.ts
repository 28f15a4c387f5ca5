export type Language = 'vi' | 'en';

const vi = {
  title: 'diagis — Bản đồ địa chính',
  signin: 'Đăng nhập',
  signout: 'Đăng xuất',
  username: 'Tên đăng nhập',
  password: 'Mật khẩu',
  cancel: 'Hủy',
  wrongPassword: 'Sai tên đăng nhập hoặc mật khẩu.',
  throttled: 'Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau.',
  failed: 'Không thực hiện được',
  layers: 'Lớp bản đồ',
  layer_parcels: 'Thửa đất',
  layer_landuse: 'Hiện trạng sử dụng đất (tổng quát)',
  layer_map_sheets: 'Tờ bản đồ',
  layer_plan_zones: 'Quy hoạch sử dụng đất',
  layer_stations: 'Trạm quan trắc',
  layer_admin_units: 'Địa giới hành chính',
  layer_basemap: 'Bản đồ nền',
  searchPlaceholder: 'Xã/phường, số tờ, số thửa — hoặc tên chủ sử dụng',
  search: 'Tìm',
  commune: 'Xã/phường',
  sheet: 'Tờ bản đồ số',
  parcel: 'Thửa đất số',
  noResults: 'Không tìm thấy thửa đất nào.',
  parcelInfo: 'Thông tin thửa đất',
  legalArea: 'Diện tích pháp lý',
  computedArea: 'Diện tích tính toán (VN-2000)',
  landUse: 'Mục đích sử dụng',
  planZones: 'Quy hoạch sử dụng đất',
  noPlanZone: 'Không thuộc vùng quy hoạch đã công bố',
  holders: 'Người sử dụng đất',
  certificate: 'Giấy chứng nhận',
  certificateNumbers: 'Số tờ/thửa trên GCN',
  landAddress: 'Địa chỉ thửa đất',
  close: 'Đóng',
  measureDistance: 'Đo khoảng cách',
  measureArea: 'Đo diện tích',
  measureClear: 'Xóa đo',
  measureHint: 'Nhấp để thêm điểm, nhấp đúp để kết thúc',
  signedInAs: 'Đang đăng nhập',
} as const;

export type MessageKey = keyof typeof vi;

const en: Record<MessageKey, string> = {
  title: 'diagis — Cadastral map',
  signin: 'Sign in',
  signout: 'Sign out',
  username: 'Username',
  password: 'Password',
  cancel: 'Cancel',
  wrongPassword: 'Wrong username or password.',
  throttled: 'Too many failed attempts. Please try again later.',
  failed: 'Could not do that',
  layers: 'Layers',
  layer_parcels: 'Parcels',
  layer_landuse: 'Land use (overview)',
  layer_map_sheets: 'Map sheets',
  layer_plan_zones: 'Land-use plan',
  layer_stations: 'Monitoring stations',
  layer_admin_units: 'Administrative boundaries',
  layer_basemap: 'Basemap',
  searchPlaceholder: 'Commune, sheet no., parcel no. — or holder name',
  search: 'Search',
  commune: 'Commune',
  sheet: 'Map sheet',
  parcel: 'Parcel',
  noResults: 'No parcel found.',
  parcelInfo: 'Parcel information',
  legalArea: 'Legal area',
  computedArea: 'Computed area (VN-2000)',
  landUse: 'Land use',
  planZones: 'Land-use plan',
  noPlanZone: 'Not in a disclosed plan zone',
  holders: 'Holders',
  certificate: 'Certificate',
  certificateNumbers: 'Sheet/parcel on certificate',
  landAddress: 'Land address',
  close: 'Close',
  measureDistance: 'Measure distance',
  measureArea: 'Measure area',
  measureClear: 'Clear',
  measureHint: 'Click to add points, double-click to finish',
  signedInAs: 'Signed in as',
};

const messages: Record<Language, Record<MessageKey, string>> = { vi, en };

/** The message for `key` in `language`; Vietnamese is the default language. */
export const translate = (language: Language, key: MessageKey): string => messages[language][key];

export const isMessageKey = (key: string): key is MessageKey => key in vi;

/** Numbers the Vietnamese way (1.234,5) or the English way (1,234.5). */
export const formatNumber = (language: Language, value: number, digits = 1): string =>
  value.toLocaleString(language === 'vi' ? 'vi-VN' : 'en-GB', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
