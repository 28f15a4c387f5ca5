import type { FieldMap, ParcelField } from '../../core/api/import_job';
import { resolveFieldMap, vietnameseCadastreProfile } from '../fields/field_profiles';
import { ImportError } from '../import_error';
import type { ParseRequest } from './parse_request';

const required: ParcelField[] = ['sheet', 'parcel', 'landUse'];

/**
 * The field map of a dataset with `attributes`: the caller's choices, else the common
 * Vietnamese names. Refuses the file when a chosen attribute is absent, when sheet, parcel
 * or land use has no attribute, or when neither an attribute nor the request names the
 * commune. `noun` is what the format calls its attributes; `listAttributes` names them
 * (and the commune names tried) in the refusals.
 */
export function settleFieldMap(
  request: ParseRequest,
  attributes: string[],
  describe: { noun: 'attribute' | 'property'; listAttributes: boolean },
): FieldMap {
  const { noun, listAttributes } = describe;
  const { map, missing } = resolveFieldMap(attributes, request.fieldMap);
  if (missing.length > 0)
    throw new ImportError(
      'field_missing',
      `${request.name} has no ${noun} ${missing.join(', ')}` +
        (listAttributes ? `; its attributes are ${attributes.join(', ')}` : ''),
      request.name,
    );
  for (const field of required) {
    if (!map[field])
      throw new ImportError(
        'field_missing',
        `${request.name}: no ${noun} for ${field} (tried ${vietnameseCadastreProfile[field].join(', ')}); map one explicitly` +
          (listAttributes ? `. Attributes: ${attributes.join(', ')}` : ''),
        request.name,
      );
  }
  if (!map.commune && !request.communeCode) {
    throw new ImportError(
      'commune_required',
      `${request.name} has no commune ${noun}` +
        (listAttributes ? ` (${vietnameseCadastreProfile.commune.join(', ')})` : '') +
        '; give the commune code the file belongs to',
      request.name,
    );
  }
  return map;
}
