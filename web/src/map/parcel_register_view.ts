import type { ParcelRegister } from '../../../core/api/register';
import type { AppContext } from '../app_context';
import { element, formatDateTime } from '../dom';
import { formatNumber, translateOr } from '../i18n';

/**
 * The parcel's register for staff who may read holders (GET /api/parcels/{id}/register):
 * the rights in force with holder, share, term and certificate; the mortgages; and each
 * certificate with the endorsements written on it. Never shown to the public.
 */
export function renderParcelRegister(app: AppContext, register: ParcelRegister): HTMLElement {
  const { t, language } = app;
  const root = element('div', undefined, 'parcel-register');
  const day = (iso: string) => formatDateTime(iso, language);

  const rights = element('ul', undefined, 'register-rights');
  for (const right of register.rights) {
    const share = right.share < 1 ? `, ${formatNumber(language, right.share * 100, 2)}%` : '';
    const term = right.termUntil
      ? `, ${t('termUntil')} ${right.termUntil}`
      : right.useTerm
        ? `, ${right.useTerm}`
        : '';
    const certificate = right.certificateSerial
      ? `, ${t('certificate')} ${right.certificateSerial}`
      : '';
    rights.append(
      element(
        'li',
        `${right.holder.name} — ${translateOr(language, `rightKind_${right.rightKind}`, right.rightKind)}${share}${term}${certificate} (${t('since')} ${day(right.validFrom)}${right.source.ref ? `, ${right.source.ref}` : ''})`,
      ),
    );
  }
  if (register.rights.length === 0) rights.append(element('li', '—'));

  const restrictions = element('ul', undefined, 'register-restrictions');
  for (const restriction of register.restrictions) {
    const amount =
      restriction.securedAmount === null
        ? ''
        : `, ${formatNumber(language, restriction.securedAmount, 0)} VND`;
    restrictions.append(
      element(
        'li',
        `${restriction.creditorName}: ${t('contractNo')} ${restriction.contractNo} (${restriction.contractDate})${amount} — ${t('since')} ${day(restriction.validFrom)}`,
      ),
    );
  }
  if (register.restrictions.length === 0) restrictions.append(element('li', t('noRestrictions')));

  const certificates = element('ul', undefined, 'register-certificates');
  for (const certificate of register.certificates) {
    const endorsements = element('ol');
    for (const endorsement of certificate.endorsements) {
      endorsements.append(
        element(
          'li',
          `${day(endorsement.at)}: ${language === 'vi' ? endorsement.contentVi : endorsement.contentEn}`,
        ),
      );
    }
    const issued = [certificate.registerNo, certificate.issuedOn, certificate.issuingBody]
      .filter(Boolean)
      .join(', ');
    certificates.append(
      element(
        'li',
        `${certificate.serialNo}${issued ? ` (${issued})` : ''}`,
        undefined,
        endorsements,
      ),
    );
  }
  if (register.certificates.length === 0) certificates.append(element('li', '—'));

  root.append(
    element('h3', t('registerRights')),
    rights,
    element('h3', t('registerRestrictions')),
    restrictions,
    element('h3', t('registerCertificates')),
    certificates,
  );
  return root;
}
