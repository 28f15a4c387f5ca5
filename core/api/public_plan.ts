/** The shape of the public plan API (/api/public/plans), built by the server, read by the portal. */

/** A published plan as the portal shows it, with its legend (disclosed zones per planned use). */
export interface PublicPlan {
  id: number;
  name: string;
  kind: 'master_plan' | 'annual_plan';
  periodStart: number;
  periodEnd: number;
  decisionNo: string;
  decisionDate: string;
  approvedBy: string | null;
  publishedAt: Date;
  legend: {
    code: string;
    nameVi: string;
    nameEn: string;
    color: string;
    zones: number;
    areaHa: number;
  }[];
}
