import type { AsJson } from '../../../core/api/as_json';
import type { CertificateRef, RegisterPlan, RegisterPreview } from '../../../core/api/register';
import type { AppContext } from '../app_context';
import { element } from '../dom';
import { formatNumber, type MessageKey, translateOr } from '../i18n';

type Plan = AsJson<RegisterPlan>;

const certificateName = (ref: CertificateRef): string =>
  'newSerialNo' in ref ? ref.newSerialNo : ref.serialNo;

/**
 * What approving the dossier will write in the register, as a readable list: for each
 * parcel the rights closed → the rights opened with holders and shares, certificates
 * issued, cancelled and endorsed, mortgages added and closed, land uses before → after.
 * `parcelName` names a parcel by its numbers.
 */
export function renderRegisterPreview(
  app: AppContext,
  preview: AsJson<RegisterPreview>,
  parcelName: (parcelId: number) => string,
): HTMLElement {
  const { t, language } = app;
  const root = element('div', undefined, 'register-preview');
  root.dataset.effect = preview.effect;
  const plan = preview.plan;
  if (!plan) {
    root.append(element('p', t('registerNone')));
    return root;
  }
  const section = (title: MessageKey, lines: string[], kind: string) => {
    if (lines.length === 0) return;
    const list = element('ul');
    list.dataset.kind = kind;
    for (const line of lines) list.append(element('li', line));
    root.append(element('h4', t(title)), list);
  };
  const share = (value: number) => `${formatNumber(language, value * 100, value === 1 ? 0 : 2)}%`;
  const rightKind = (kind: string) => translateOr(language, `rightKind_${kind}`, kind);

  section('previewRights', rightLines(app, plan, parcelName, share, rightKind), 'rights');
  section(
    'previewIssued',
    plan.issueCertificates.map(
      (c) => `${c.serialNo} (${t('certificateRegisterNo')} ${c.registerNo})`,
    ),
    'issued',
  );
  section(
    'previewCancelled',
    plan.cancelCertificates.map(
      (c) => `${c.serialNo} — ${translateOr(language, `cancelReason_${c.reason}`, c.reason)}`,
    ),
    'cancelled',
  );
  section(
    'previewEndorsed',
    plan.endorsements.map(
      (e) => `${certificateName(e.certificate)}: ${language === 'vi' ? e.contentVi : e.contentEn}`,
    ),
    'endorsed',
  );
  section(
    'previewMortgagesAdded',
    plan.addRestrictions.map(
      (r) =>
        `${parcelName(r.parcelId)}: ${r.creditorName}, ${t('contractNo')} ${r.contractNo} (${r.contractDate})${
          r.securedAmount === null ? '' : `, ${formatNumber(language, r.securedAmount, 0)} VND`
        }`,
    ),
    'mortgages-added',
  );
  section(
    'previewMortgagesClosed',
    plan.closeRestrictions.map(
      (r) => `${parcelName(r.parcelId)}: ${t('contractNo')} ${r.contractNo}`,
    ),
    'mortgages-closed',
  );
  const uses = (list: { code: string; area: number }[]) =>
    list.map((use) => `${use.code} ${formatNumber(language, use.area, 1)} m²`).join(', ');
  section(
    'previewLandUses',
    plan.landUseChanges.map(
      (change) =>
        `${parcelName(change.parcelId)}: ${uses(change.before)} → ${uses(change.landUses)}`,
    ),
    'land-uses',
  );
  if (root.children.length === 0) root.append(element('p', t('registerNone')));
  return root;
}

/** Per parcel: the holders whose rights close → those whose rights open, with shares and terms. */
function rightLines(
  app: AppContext,
  plan: Plan,
  parcelName: (parcelId: number) => string,
  share: (value: number) => string,
  rightKind: (kind: string) => string,
): string[] {
  const parcels = [
    ...new Set([
      ...plan.closeRights.map((r) => r.parcelId),
      ...plan.openRights.map((r) => r.parcelId),
    ]),
  ];
  return parcels.map((parcelId) => {
    const closed = plan.closeRights
      .filter((r) => r.parcelId === parcelId)
      .map((r) => `${r.holder} (${rightKind(r.rightKind)})`);
    const opened = plan.openRights
      .filter((r) => r.parcelId === parcelId)
      .map((r) => {
        const term = r.termUntil
          ? `, ${app.t('termUntil')} ${r.termUntil}`
          : r.useTerm
            ? `, ${r.useTerm}`
            : '';
        const certificate = r.certificate
          ? `, ${app.t('certificate')} ${certificateName(r.certificate)}`
          : '';
        return `${r.party.name} (${rightKind(r.rightKind)}, ${share(r.share)}${term}${certificate})`;
      });
    return `${parcelName(parcelId)}: ${closed.join(', ') || '—'} → ${opened.join(', ') || '—'}`;
  });
}
