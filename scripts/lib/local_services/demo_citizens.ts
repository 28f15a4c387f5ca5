/** A citizen of the local OpenID provider (development and tests only, never VNeID). */
export interface DemoCitizen {
  /** Stable subject identifier, a UUID as VNeID's Keycloak issues them. */
  sub: string;
  name: string;
  /** The 12-digit personal ID number (số định danh cá nhân, on the CCCD card). */
  idNumber: string;
  email?: string;
}

/**
 * The demo citizens. Nguyễn Văn Minh has the ID number the demo province gives to the
 * applicants of dossiers without a parcel, so he finds dossiers after `npm start`; the
 * others start with none (tests give them their own).
 */
export const demoCitizens: readonly DemoCitizen[] = [
  {
    sub: '5f0c2b7e-8d1a-4c3e-9a61-2f4b7d9e0a11',
    name: 'Nguyễn Văn Minh',
    idNumber: '094080000001',
    email: 'minh.nguyen@example.vn',
  },
  {
    sub: '8a3d6c41-27f9-4b0e-b5d2-71c9e4a6f302',
    name: 'Trần Thị Thu Lan',
    idNumber: '094190000002',
    email: 'lan.tran@example.vn',
  },
  {
    sub: 'c27e9f15-4b83-4d6a-8e0f-93a5b1d7c603',
    name: 'Lê Hoàng Nam',
    idNumber: '092095000003',
    email: 'nam.le@example.vn',
  },
];
