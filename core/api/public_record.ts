/** The shape of the public environmental records API (/api/public/environment-records), built by the server, read by the portal. */

/** A decided registry record as the public sees it: an individual owner's name is left out. */
export interface PublicRecord {
  id: number;
  kind: string;
  projectName: string;
  ownerName: string | null;
  communeCode: string | null;
  communeName: string | null;
  /** [longitude, latitude] of a point on the location. */
  position: [number, number];
  approvingBody: string;
  decisionNo: string;
  decisionDate: string;
  status: string;
}
