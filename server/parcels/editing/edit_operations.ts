// The parcel edit operations, each in its own file; one import for the routes and replays.
export { type CreateInput, createParcel } from './create_parcel';
export { editParcel, type ParcelChangeInput, undoParcel } from './edit_parcel';
export { mergeParcels } from './merge_parcels';
export { type ChildInput, splitParcel } from './split_parcel';
