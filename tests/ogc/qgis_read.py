"""Reads diagis's OGC API - Features with QGIS's own OAPIF provider (headless) and prints
JSON: every collection as a layer (validity, CRS, fields, geometry type) and the parcels
QGIS gets for a bounding box. Usage: python3 qgis_read.py <base url> <west> <south> <east> <north>"""
import json
import os
import sys

os.environ.setdefault('QT_QPA_PLATFORM', 'offscreen')
from qgis.core import QgsApplication, QgsFeatureRequest, QgsRectangle, QgsVectorLayer, QgsWkbTypes  # noqa: E402

base, west, south, east, north = sys.argv[1], *map(float, sys.argv[2:6])
QgsApplication.setPrefixPath('/usr', True)
app = QgsApplication([], False)
app.initQgis()
out = {'qgis': __import__('qgis.core', fromlist=['Qgis']).Qgis.QGIS_VERSION, 'layers': {}}
for name in ['parcels', 'map_sheets', 'plan_zones', 'stations', 'admin_units']:
    layer = QgsVectorLayer(f"url='{base}/ogc' typename='{name}'", name, 'OAPIF')
    out['layers'][name] = {
        'valid': layer.isValid(),
        'crs': layer.crs().authid(),
        'geometry': QgsWkbTypes.displayString(layer.wkbType()),
        'fields': [field.name() for field in layer.fields()],
    }
# Only what the box needs, as with QGIS's "only request features overlapping the view extent".
parcels = QgsVectorLayer(
    f"url='{base}/ogc' typename='parcels' restrictToRequestBBOX='1'", 'parcels', 'OAPIF'
)
request = QgsFeatureRequest().setFilterRect(QgsRectangle(west, south, east, north))
features = []
for feature in parcels.getFeatures(request):
    values = dict(zip([field.name() for field in parcels.fields()], feature.attributes()))
    features.append({
        'commune': values.get('commune_code'),
        'sheet': values.get('sheet_no'),
        'parcel': values.get('parcel_no'),
        'landUse': values.get('land_use_1'),
        'valid': feature.geometry().isGeosValid(),
        'parts': feature.geometry().constGet().numGeometries() if feature.hasGeometry() else 0,
    })
out['window'] = features
print(json.dumps(out, ensure_ascii=False), flush=True)
# QGIS 3.22's Python bindings can crash while tearing layers down at exit; the answer is out.
os._exit(0)
