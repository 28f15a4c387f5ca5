/** The shapes of the dossier API (inbox, dossier page, report, public tracking), built by the server, read by the web client. */
import type { DossierState } from '../dossiers/workflow';

/** One line of the inbox (GET /api/dossiers). */
export interface DossierListItem {
  id: number;
  receiptCode: string;
  procedure: { code: string; nameVi: string };
  state: DossierState;
  currentOffice: { id: number; code: string; name: string };
  commune: { id: number; name: string } | null;
  applicantName: string | null;
  receivedAt: Date;
  dueAt: Date | null;
  pausedSince: Date | null;
  completedAt: Date | null;
  overdue: boolean;
  dueSoon: boolean;
}

/** GET /api/dossiers: a page of the inbox with counts. */
export interface DossierList {
  items: DossierListItem[];
  total: number;
  /** Over every dossier the user may see, whatever the filters. */
  counts: { byState: Record<DossierState, number>; overdue: number; dueSoon: number };
}

/** An action the UI may offer, with the fields its request needs and the choices it has. */
export interface AllowedAction {
  action: string;
  to: string;
  /** Fields of POST /api/dossiers/{id}/actions/{action}; `note` is optional unless listed. */
  fields: string[];
  targets?: { id: number; code: string; name: string; kind: string }[];
  assignees?: { id: number; displayName: string }[];
}

/** An office as the dossier page names it. */
export interface OfficeRef {
  id: number;
  code: string;
  name: string;
  kind: string;
}

/** Everything a staff member who may see the dossier is shown about it. */
export interface DossierDetail {
  id: number;
  receiptCode: string;
  state: string;
  channel: string;
  receivedAt: Date;
  dueAt: Date | null;
  pausedSince: Date | null;
  completedAt: Date | null;
  summary: string | null;
  declaredValue: number | null;
  procedure: {
    code: string;
    nameVi: string;
    nameEn: string;
    limitWorkingDays: number;
    processingOfficeKind: string;
    involvesTax: boolean;
  };
  receivingOffice: OfficeRef;
  currentOffice: OfficeRef;
  commune: { id: number; code: string; name: string } | null;
  applicant: {
    id: number;
    kind: string;
    fullName: string;
    idKind: string | null;
    idNumber: string | null;
    address: string | null;
    phone: string | null;
  } | null;
  assignedUser: { id: number; displayName: string } | null;
  /** The timeline, oldest first. */
  events: {
    id: number;
    at: Date;
    kind: string;
    fromState: string | null;
    toState: string | null;
    note: string | null;
    data: Record<string, unknown>;
    actor: { id: number; displayName: string } | null;
    fromOffice: Omit<OfficeRef, 'kind'> | null;
    toOffice: Omit<OfficeRef, 'kind'> | null;
  }[];
  /** Metadata only; the files are served by their own route. */
  attachments: {
    id: number;
    fileName: string;
    mediaType: string;
    byteSize: number;
    documentKind: string | null;
    uploadedAt: Date;
    hasThumbnail: boolean;
    width: number | null;
    height: number | null;
  }[];
  /** Linked parcels with their current numbers and a WGS84 bbox. */
  parcels: { id: number; communeCode: string; sheetNo: number; parcelNo: number; bbox: number[] }[];
  taxNotices: {
    noticeNo: string;
    amount: number;
    noticeDate: string;
    recordedAt: Date;
    channel: string;
  }[];
  /** When the register data of its procedure was recorded (PUT …/register-request), or null. */
  registerRequestRecordedAt: Date | null;
}

/** GET /api/dossiers/{id} (and the answer of reception and of every action): the dossier and what this user may do now. */
export interface DossierPage extends DossierDetail {
  allowedActions: AllowedAction[];
}

/** One line of the dossier report: an office (the one that received the dossiers) and a procedure. */
export interface DossierReportRow {
  officeCode: string;
  officeName: string;
  procedureCode: string;
  procedureName: string;
  /** Received in the period. */
  received: number;
  /** Returned to the applicant or rejected in the period. */
  completed: number;
  /** Of those, completed by their due date. */
  completedOnTime: number;
  /**
   * Due in the period (and before now) but not completed by the due date; dossiers whose
   * clock is paused, withdrawn or cancelled are left out.
   */
  overdue: number;
}

/** What a citizen sees when tracking a dossier: no applicant, no parcel, no officer. */
export interface PublicDossierStatus {
  receiptCode: string;
  procedure: { code: string; nameVi: string; nameEn: string };
  /** The current step (the workflow state) and its Vietnamese label. */
  step: { state: string; labelVi: string };
  currentOffice: string;
  receivedAt: Date;
  dueAt: Date | null;
  completedAt: Date | null;
}
