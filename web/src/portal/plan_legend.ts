import type { AsJson } from '../../../core/api/as_json';
import type { PublicPlan } from '../../../core/api/public_plan';
import { getJson } from '../api';
import type { AppContext } from '../app_context';
import { element } from '../dom';
import { formatNumber } from '../i18n';

type Plan = AsJson<PublicPlan>;

const formatDay = (day: string, language: 'vi' | 'en') =>
  new Date(`${day}T00:00:00+07:00`).toLocaleDateString(language === 'vi' ? 'vi-VN' : 'en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh',
  });

/** The published plans with their decision number and date, and a legend of planned uses. */
export class PlanLegend {
  private plans: Plan[] = [];

  constructor(
    private readonly container: HTMLElement,
    private readonly app: AppContext,
  ) {}

  async load(): Promise<void> {
    this.plans = (await getJson<{ plans: Plan[] }>('/api/public/plans')).plans;
    this.render();
  }

  render(): void {
    const { app } = this;
    if (this.plans.length === 0) {
      this.container.replaceChildren(element('p', app.t('noPlans')));
      return;
    }
    this.container.replaceChildren(
      ...this.plans.map((plan) => {
        const rows = plan.legend.map((entry) => {
          const swatch = element('span', undefined, 'legend-swatch');
          swatch.style.background = entry.color;
          return element(
            'tr',
            undefined,
            undefined,
            element('td', undefined, undefined, swatch, document.createTextNode(` ${entry.code}`)),
            element('td', app.language === 'vi' ? entry.nameVi : entry.nameEn),
            element('td', String(entry.zones)),
            element('td', formatNumber(app.language, entry.areaHa, 2)),
          );
        });
        const header = element(
          'tr',
          undefined,
          undefined,
          element('th', app.t('landUseCode')),
          element('th', app.t('landUse')),
          element('th', app.t('zones')),
          element('th', app.t('areaHa')),
        );
        return element(
          'article',
          undefined,
          'plan-card',
          element('h3', plan.name),
          element(
            'p',
            `${app.t('planDecision')} ${plan.decisionNo} (${formatDay(plan.decisionDate, app.language)}) · ${app.t('planPeriod')} ${plan.periodStart}–${plan.periodEnd}`,
            'plan-decision',
          ),
          element('table', undefined, 'portal-table', header, ...rows),
        );
      }),
    );
  }
}
