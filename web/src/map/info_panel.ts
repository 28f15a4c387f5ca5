import type { ParcelDetails } from '../../../core/api/parcel_details';
import type { ParcelRegister } from '../../../core/api/register';
import { getJson } from '../api';
import type { AppContext } from '../app_context';
import { formatNumber } from '../i18n';
import { renderParcelRegister } from './parcel_register_view';

/** Builds an element with text content (never HTML from data). */
const element = (tag: string, text?: string, className?: string): HTMLElement => {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
};

/**
 * The side panel that shows one parcel: numbers, land use, areas, plan zones and, for
 * staff who may read holders there, the holders and the register (rights, mortgages,
 * certificate with its endorsements).
 */
export class InfoPanel {
  private current: number | undefined;
  /** Counts the calls of `show`, so that only the last one's answers are drawn. */
  private calls = 0;

  constructor(
    private readonly root: HTMLElement,
    private readonly app: AppContext,
  ) {
    app.onChange(() => {
      if (this.current !== undefined) void this.show(this.current);
    });
  }

  async show(parcelId: number): Promise<void> {
    this.current = parcelId;
    const call = ++this.calls;
    const path = this.app.session ? `/api/parcels/${parcelId}` : `/api/public/parcels/${parcelId}`;
    const details = await getJson<ParcelDetails>(path);
    if (this.calls !== call) return;
    this.render(details);
    // The server lists holders only to those who may read them in the parcel's commune.
    if (!details.holders) return;
    const register = await getJson<ParcelRegister>(`/api/parcels/${parcelId}/register`).catch(
      () => undefined,
    );
    if (register && this.calls === call) {
      this.root.append(renderParcelRegister(this.app, register));
    }
  }

  hide(): void {
    this.current = undefined;
    this.calls++;
    this.root.hidden = true;
  }

  private render(parcel: ParcelDetails): void {
    const { t, language } = this.app;
    const area = (value: number) => `${formatNumber(language, value, 1)} m²`;
    const rows: [string, string][] = [
      [t('commune'), `${parcel.commune.name} (${parcel.commune.code})`],
      [t('sheet'), String(parcel.sheetNo)],
      [t('parcel'), String(parcel.parcelNo)],
      [t('legalArea'), parcel.legalArea === null ? '—' : area(parcel.legalArea)],
      [t('computedArea'), area(parcel.computedArea)],
      [
        t('landUse'),
        parcel.landUses.map((use) => `${use.code} ${use.name}: ${area(use.area)}`).join('; '),
      ],
    ];
    if (parcel.certificateNumbers) {
      rows.push([
        t('certificateNumbers'),
        `${parcel.certificateNumbers.sheetNo ?? '—'} / ${parcel.certificateNumbers.parcelNo ?? '—'}`,
      ]);
    }
    if (parcel.landAddress) rows.push([t('landAddress'), parcel.landAddress]);

    const table = element('dl');
    for (const [label, value] of rows) table.append(element('dt', label), element('dd', value));

    const zones = element('ul', undefined, 'plan-zones');
    for (const zone of parcel.planZones) {
      zones.append(
        element(
          'li',
          `${zone.plannedUse} ${zone.plannedUseName} — ${area(zone.area)} (${zone.planName}${zone.decisionNo ? `, ${zone.decisionNo}` : ''})`,
        ),
      );
    }
    if (parcel.planZones.length === 0) zones.append(element('li', t('noPlanZone')));

    const close = element('button', t('close'), 'close');
    close.addEventListener('click', () => this.hide());
    const parts: HTMLElement[] = [
      close,
      element('h2', `${t('parcelInfo')} ${parcel.sheetNo}/${parcel.parcelNo}`),
      table,
      element('h3', t('planZones')),
      zones,
    ];
    if (parcel.holders) {
      const holders = element('ul', undefined, 'holders');
      for (const holder of parcel.holders) {
        const share =
          holder.share < 1 ? ` (${formatNumber(language, holder.share * 100, 0)}%)` : '';
        const certificate = holder.certificateSerial
          ? ` — ${t('certificate')} ${holder.certificateSerial}`
          : '';
        holders.append(element('li', `${holder.name}${share}${certificate}`));
      }
      parts.push(element('h3', t('holders')), holders);
    }
    this.root.replaceChildren(...parts);
    this.root.dataset.parcelId = String(parcel.parcelId);
    this.root.hidden = false;
  }
}
