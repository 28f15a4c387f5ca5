import type { TerraDraw } from 'terra-draw';
import { type FormValues, formatLandUses } from './attribute_form';
import type { EditableShape } from './editable_shape';
import type { EditAttributes, EditableParcel, EditorApi } from './editor_api';

type FeatureId = string | number;

/** What the editor is doing; each kind maps to one API write. */
export type Task =
  | { kind: 'pick' }
  | {
      kind: 'edit';
      parcel: EditableParcel;
      featureId?: FeatureId;
      /** The ring being edited, and how to put the parcel's other rings and parts back. */
      shape?: EditableShape;
      baseline?: string;
    }
  | { kind: 'create'; featureId?: FeatureId }
  | { kind: 'split'; parcel: EditableParcel; lineId?: FeatureId; partNumbers?: number[] }
  | { kind: 'merge'; parcels: EditableParcel[] };

const required = (name: string, value: number | undefined): number => {
  if (value === undefined) throw new Error(`${name}: required`);
  return value;
};

/** The attributes of an edit that differ from the parcel, with the reason, snap flag and dossier. */
function changedAttributes(
  parcel: EditableParcel,
  values: FormValues,
  dossierId: number | undefined,
): EditAttributes {
  const body: EditAttributes = { reason: values.reason, snap: values.snap };
  if (dossierId !== undefined) body.dossierId = dossierId;
  if (values.sheetNo !== undefined && values.sheetNo !== parcel.sheetNo)
    body.sheetNo = values.sheetNo;
  if (values.parcelNo !== undefined && values.parcelNo !== parcel.parcelNo)
    body.parcelNo = values.parcelNo;
  if (values.legalArea !== undefined && values.legalArea !== parcel.legalArea)
    body.legalArea = values.legalArea;
  if (values.landAddress !== (parcel.landAddress ?? ''))
    body.landAddress = values.landAddress === '' ? null : values.landAddress;
  if (formatLandUses(values.landUses) !== formatLandUses(parcel.landUses))
    body.landUses = values.landUses;
  return body;
}

/**
 * The API request for a task: PATCH for an edit (geometry only when the vertices moved),
 * POST for a new parcel, split with the drawn line, merge of the chosen parcels. Undefined
 * when there is nothing to send yet (no shape drawn, fewer than two parcels). Missing
 * numbers reject with the field's name.
 */
export function requestFor(
  task: Task,
  draw: TerraDraw,
  values: FormValues,
  dossierId: number | undefined,
  api: EditorApi,
  dryRun: boolean,
): Promise<unknown> | undefined {
  const shape = (id: FeatureId | undefined) =>
    id !== undefined && draw.hasFeature(id) ? draw.getSnapshotFeature(id)?.geometry : undefined;
  const dossier = dossierId === undefined ? {} : { dossierId };
  try {
    switch (task.kind) {
      case 'edit': {
        const body = changedAttributes(task.parcel, values, dossierId);
        const geometry = shape(task.featureId);
        if (geometry?.type === 'Polygon' && JSON.stringify(geometry) !== task.baseline) {
          const whole = task.shape ? task.shape.rebuild(geometry) : geometry;
          return api.patch(task.parcel, { ...body, geometry: whole }, dryRun);
        }
        return api.patch(task.parcel, body, dryRun);
      }
      case 'create': {
        const geometry = shape(task.featureId);
        if (geometry?.type !== 'Polygon') return undefined;
        const body = {
          communeId: required('communeId', values.communeId),
          sheetNo: required('sheetNo', values.sheetNo),
          parcelNo: required('parcelNo', values.parcelNo),
          geometry,
          landUses: values.landUses,
          reason: values.reason,
          snap: values.snap,
          ...(values.legalArea === undefined ? {} : { legalArea: values.legalArea }),
          ...(values.landAddress ? { landAddress: values.landAddress } : {}),
          ...dossier,
        };
        return api.create(body, dryRun);
      }
      case 'split': {
        const line = shape(task.lineId);
        if (line?.type !== 'LineString') return undefined;
        const children = task.partNumbers?.map((parcelNo) => ({ parcelNo }));
        return api.split(
          task.parcel,
          { line, reason: values.reason, ...(children ? { children } : {}), ...dossier },
          dryRun,
        );
      }
      case 'merge': {
        if (task.parcels.length < 2) return undefined;
        const parcels = task.parcels.map(({ parcelId, versionNo }) => ({ parcelId, versionNo }));
        const landUses = values.landUses.length > 0 ? { landUses: values.landUses } : {};
        return api.merge({ parcels, reason: values.reason, ...landUses, ...dossier }, dryRun);
      }
      case 'pick':
        return undefined;
    }
  } catch (failure) {
    return Promise.reject(failure);
  }
}
