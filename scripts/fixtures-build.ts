// Writes the importer fixtures under tests/fixtures/import (committed; rerun only to change
// them): shapefiles in UTF-8, TCVN3 and VNI, broken ones, .prj spellings, a zip with ../evil.
//   npx tsx scripts/fixtures-build.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { PolygonRings } from '../core/geo/ewkb';
import {
  type DbfColumn,
  rectangle,
  writeShapefile,
} from '../data-import/shapefile/shapefile_writer';
import { encodeTcvn3, tcvn3CanEncode } from '../data-import/text/tcvn3';
import { encodeVni } from '../data-import/text/vni';

const root = new URL('../tests/fixtures/import/', import.meta.url).pathname;
/** The test commune the fixtures belong to (tests create it). */
const commune = '39901';
/** Fixtures lie north-west of the demo province, in VN-2000 / TM-3 105-30. */
const origin = { x: 520_000, y: 1_090_000 };

const ogc9209 =
  'PROJCS["VN-2000 / TM-3 105-30",GEOGCS["VN-2000",DATUM["Vietnam_2000",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],TOWGS84[-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278],AUTHORITY["EPSG","6756"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4756"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",105.5],PARAMETER["scale_factor",0.9999],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","9209"]]';
const esri10530 =
  'PROJCS["VN_2000_KT105_30_3do",GEOGCS["GCS_VN_2000",DATUM["D_Vietnam_2000",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",105.5],PARAMETER["Scale_Factor",0.9999],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
const prjSpellings: Record<string, string> = {
  'esri_wkt_tm3_105_30.prj': esri10530,
  'ogc_wkt_epsg_9209.prj': ogc9209,
  'legacy_name_tm3_105_30.prj': 'VN_2000_TM3_105_30',
  'epsg_code_9209.prj': 'EPSG:9209',
  'esri_wkt_utm48n.prj':
    'PROJCS["VN_2000_UTM_Zone_48N",GEOGCS["GCS_VN_2000",DATUM["D_Vietnam_2000",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",105.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]',
  'unknown_wgs84_tm.prj':
    'PROJCS["WGS_1984_TM_105_30",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",105.5],PARAMETER["Scale_Factor",0.9999],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]',
};

const columns: DbfColumn[] = [
  { name: 'MaXa', type: 'C', length: 5 },
  { name: 'SHBANDO', type: 'N', length: 4 },
  { name: 'SHTHUA', type: 'N', length: 6 },
  { name: 'DienTich', type: 'N', length: 12, decimals: 1 },
  { name: 'MDSD', type: 'C', length: 12 },
  { name: 'TenChu', type: 'C', length: 80 },
  { name: 'DiaChi', type: 'C', length: 100 },
];

/** A clockwise rectangle (shapefile outer ring) of w x h metres at (x, y). */
const rect = rectangle;

interface Row {
  sheet: number;
  parcel: number;
  area: number | null;
  use: string;
  holder: string;
  address: string;
  polygons: PolygonRings[] | null;
}

function write(
  folder: string,
  rows: Row[],
  encode: (text: string) => Uint8Array,
  extras: Record<string, string> = {},
) {
  const dir = join(root, folder);
  mkdirSync(dir, { recursive: true });
  const files = writeShapefile(
    columns,
    rows.map((row) => ({
      polygons: row.polygons,
      values: [
        Buffer.from(commune),
        row.sheet,
        row.parcel,
        row.area,
        Buffer.from(row.use),
        encode(row.holder),
        encode(row.address),
      ],
    })),
  );
  writeFileSync(join(dir, 'parcels.shp'), files.shp);
  writeFileSync(join(dir, 'parcels.shx'), files.shx);
  writeFileSync(join(dir, 'parcels.dbf'), files.dbf);
  for (const [name, text] of Object.entries(extras)) writeFileSync(join(dir, name), text);
  return files;
}

const named = (sheet: number, x: number): Row[] => [
  {
    sheet,
    parcel: 1,
    area: 500,
    use: 'ONT+CLN',
    holder: 'Nguyễn Văn Hùng',
    address: 'Ấp Hòa Mỹ, Sóc Trăng',
    polygons: rect(x, origin.y),
  },
  {
    sheet,
    parcel: 2,
    area: 500,
    use: 'BHK',
    holder: 'Trần Thị Bích Ngọc',
    address: 'Phường Mỹ Xuyên, Sóc Trăng',
    polygons: rect(x + 20, origin.y),
  },
  {
    sheet,
    parcel: 3,
    area: null,
    use: 'LUC',
    holder: 'Hộ ông Đặng Quốc Việt',
    address: 'Xã Đại Tâm',
    polygons: rect(x + 40, origin.y),
  },
];

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const utf8Files = write('utf8_cpg', named(1, origin.x), utf8, {
  'parcels.prj': esri10530,
  'parcels.cpg': 'UTF-8',
});
// TCVN3 has no byte for most accented capitals (Ấ, Ộ, …): files typed in the .VnTime font
// write those in lower case and keep the plain ones (N, V, H, Đ), as done here.
const asTcvn3Typist = (text: string) =>
  Array.from(text, (char) => (tcvn3CanEncode(char) ? char : char.toLowerCase())).join('');
write(
  'tcvn3',
  named(2, origin.x + 100).map((row) => ({
    ...row,
    holder: asTcvn3Typist(row.holder),
    address: asTcvn3Typist(row.address),
  })),
  encodeTcvn3,
  { 'parcels.prj': ogc9209 },
);
write('vni', named(3, origin.x + 200), encodeVni, { 'parcels.prj': 'VN_2000_TM3_105_30' });
write('no_prj', named(4, origin.x + 300), utf8, { 'parcels.cpg': 'UTF-8' });

const x5 = origin.x + 400;
write(
  'bad_features',
  [
    {
      sheet: 5,
      parcel: 1,
      area: 500,
      use: 'ONT',
      holder: 'Lê Văn Tám',
      address: 'Ấp Mới',
      polygons: rect(x5, origin.y),
    },
    {
      sheet: 5,
      parcel: 2,
      area: 250,
      use: 'ONT',
      holder: 'Bow Tie',
      address: 'x',
      polygons: [
        [
          [
            [x5 + 20, origin.y],
            [x5 + 40, origin.y + 25],
            [x5 + 40, origin.y],
            [x5 + 20, origin.y + 25],
            [x5 + 20, origin.y],
          ],
        ],
      ],
    },
    {
      sheet: 5,
      parcel: 3,
      area: 100,
      use: 'ONT',
      holder: 'Ba Điểm',
      address: 'x',
      polygons: [
        [
          [
            [x5 + 40, origin.y],
            [x5 + 50, origin.y + 10],
            [x5 + 40, origin.y],
          ],
        ],
      ],
    },
    {
      sheet: 5,
      parcel: 4,
      area: 100,
      use: 'ONT',
      holder: 'Không Hình',
      address: 'x',
      polygons: null,
    },
    {
      sheet: 5,
      parcel: 5,
      area: 500,
      use: 'ONT',
      holder: 'Bản Một',
      address: 'x',
      polygons: rect(x5 + 60, origin.y),
    },
    {
      sheet: 5,
      parcel: 5,
      area: 500,
      use: 'ONT',
      holder: 'Bản Hai',
      address: 'x',
      polygons: rect(x5 + 80, origin.y),
    },
    {
      sheet: 5,
      parcel: 6,
      area: 900,
      use: 'ONT',
      holder: 'Sai Diện Tích',
      address: 'x',
      polygons: rect(x5 + 100, origin.y),
    },
    {
      sheet: 5,
      parcel: 7,
      area: 500,
      use: 'XYZ',
      holder: 'Mã Lạ',
      address: 'x',
      polygons: rect(x5 + 120, origin.y),
    },
  ],
  utf8,
  { 'parcels.prj': esri10530, 'parcels.cpg': 'UTF-8' },
);

// Overlaps sheet 1 parcel 1 of utf8_cpg by 10 x 25 m.
write(
  'overlap',
  [
    {
      sheet: 6,
      parcel: 1,
      area: 500,
      use: 'ONT',
      holder: 'Chồng Lấn',
      address: 'x',
      polygons: rect(origin.x + 10, origin.y),
    },
  ],
  utf8,
  { 'parcels.prj': esri10530, 'parcels.cpg': 'UTF-8' },
);

// Half a metre square at the DOMAIN.md check point (551391.972 E, 1061653.388 N = 105.97 E, 9.60 N).
write(
  'check_point',
  [
    {
      sheet: 7,
      parcel: 1,
      area: null,
      use: 'ONT',
      holder: 'Điểm Kiểm Tra',
      address: 'x',
      polygons: rect(551391.972, 1061653.388, 0.5, 0.5),
    },
  ],
  utf8,
  { 'parcels.prj': 'EPSG:9209', 'parcels.cpg': 'UTF-8' },
);

const truncated = join(root, 'truncated');
mkdirSync(truncated, { recursive: true });
writeFileSync(join(truncated, 'parcels.shp'), utf8Files.shp.subarray(0, utf8Files.shp.length - 30));
writeFileSync(join(truncated, 'parcels.dbf'), utf8Files.dbf);
writeFileSync(join(truncated, 'parcels.prj'), esri10530);

const mismatch = write('count_mismatch', named(8, origin.x + 600), utf8, {
  'parcels.prj': esri10530,
  'parcels.cpg': 'UTF-8',
});
const shorter = writeShapefile(
  columns,
  named(8, 0)
    .slice(0, 2)
    .map((row) => ({
      polygons: row.polygons,
      values: [
        Buffer.from(commune),
        row.sheet,
        row.parcel,
        row.area,
        Buffer.from(row.use),
        utf8(row.holder),
        utf8(row.address),
      ],
    })),
);
writeFileSync(join(root, 'count_mismatch', 'parcels.dbf'), shorter.dbf);
void mismatch;

/** A zip with stored (uncompressed) entries, written by hand so any name can be planted. */
function storedZip(entries: { name: string; data: Buffer; symlink?: boolean }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const crc = crc32(entry.data);
    const local = Buffer.alloc(30 + name.length);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    name.copy(local, 30);
    const central = Buffer.alloc(46 + name.length);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(entry.data.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    if (entry.symlink) {
      // Made by Unix (3), mode lrwxrwxrwx: the entry's data is the link target.
      central.writeUInt16LE((3 << 8) | 20, 4);
      central.writeUInt32LE((0o120777 << 16) >>> 0, 38);
    }
    name.copy(central, 46);
    locals.push(local, entry.data);
    centrals.push(central);
    offset += local.length + entry.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const zipParts = (stem: string) => [
  { name: `${stem}.shp`, data: utf8Files.shp },
  { name: `${stem}.shx`, data: utf8Files.shx },
  { name: `${stem}.dbf`, data: utf8Files.dbf },
  { name: `${stem}.prj`, data: Buffer.from(esri10530) },
  { name: `${stem}.cpg`, data: Buffer.from('UTF-8') },
];
writeFileSync(join(root, 'utf8_cpg.zip'), storedZip(zipParts('thua_dat/parcels')));
writeFileSync(
  join(root, 'evil.zip'),
  storedZip([...zipParts('parcels'), { name: '../evil', data: Buffer.from('pwned') }]),
);
writeFileSync(
  join(root, 'link.zip'),
  storedZip([
    ...zipParts('parcels'),
    { name: 'notes.txt', data: Buffer.from('/etc/passwd'), symlink: true },
  ]),
);

const prjDir = join(root, 'prj');
mkdirSync(prjDir, { recursive: true });
for (const [name, text] of Object.entries(prjSpellings)) writeFileSync(join(prjDir, name), text);

// RFC 7946 GeoJSON (WGS84): two parcels west of the province centre.
const lonLatRect = (lon: number, lat: number) => [
  [
    [lon, lat],
    [lon + 0.0002, lat],
    [lon + 0.0002, lat + 0.0002],
    [lon, lat + 0.0002],
    [lon, lat],
  ],
];
writeFileSync(
  join(root, 'parcels.geojson'),
  JSON.stringify(
    {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: {
            MaXa: commune,
            SoTo: 9,
            SoThua: 1,
            DienTich: null,
            LoaiDat: 'ONT',
            TenChu: 'Phạm Thị Hồng',
            DiaChi: 'Sóc Trăng',
          },
          geometry: { type: 'Polygon', coordinates: lonLatRect(105.6, 9.95) },
        },
        {
          type: 'Feature',
          properties: {
            MaXa: commune,
            SoTo: 9,
            SoThua: 2,
            DienTich: null,
            LoaiDat: 'CLN',
            TenChu: 'Võ Minh Trí',
            DiaChi: 'Sóc Trăng',
          },
          geometry: { type: 'Polygon', coordinates: lonLatRect(105.6002, 9.95) },
        },
      ],
    },
    null,
    1,
  ),
);
// Swapped axes: latitude first.
writeFileSync(
  join(root, 'swapped_axes.geojson'),
  JSON.stringify({
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { MaXa: commune, SoTo: 10, SoThua: 1, LoaiDat: 'ONT' },
        geometry: {
          type: 'Polygon',
          coordinates: [lonLatRect(9.95, 105.6)[0]?.map(([a, b]) => [a as number, b as number])],
        },
      },
    ],
  }),
);
console.log(`fixtures written to ${root}`);
