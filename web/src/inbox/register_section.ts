import type { AsJson } from '../../../core/api/as_json';
import type { DossierPage } from '../../../core/api/dossier';
import type { RegisterPreview } from '../../../core/api/register';
import { getJson } from '../api';
import type { AppContext } from '../app_context';
import { element } from '../dom';
import { failureText } from './field_paths';
import { RegisterForm } from './register_form';
import { renderRegisterPreview } from './register_preview';

/**
 * Fills `container` with the register side of a dossier before approval: the form of its
 * procedure's register data (for those who may act) and the preview of what approval
 * writes (GET /api/dossiers/{id}/register-preview) once the data is recorded, refreshed
 * when the form is saved. The server's refusal of a preview (the register changed) is shown.
 */
export async function renderRegisterSection(
  app: AppContext,
  container: HTMLElement,
  of: { dossier: AsJson<DossierPage>; effect: string; canAct: boolean },
  parcelName: (parcelId: number) => string,
): Promise<void> {
  const { t } = app;
  const recorded = of.dossier.registerRequestRecordedAt !== null;
  const preview = element('div', undefined, 'preview');
  preview.id = 'register-preview';
  const show = (answer: AsJson<RegisterPreview>) =>
    preview.replaceChildren(renderRegisterPreview(app, answer, parcelName));
  const parts: HTMLElement[] = [element('h3', t('registerData'))];
  if (of.canAct) {
    const parcelIds = of.dossier.parcels.map((p) => p.id);
    const form = new RegisterForm(app, of.dossier.id, of.effect, parcelIds, show);
    parts.push(await form.render(recorded));
  }
  parts.push(element('h3', t('registerPreview')), preview);
  container.replaceChildren(...parts);
  if (!recorded) {
    preview.replaceChildren(element('p', t('registerNotRecorded'), 'hint'));
    return;
  }
  try {
    show(await getJson<AsJson<RegisterPreview>>(`/api/dossiers/${of.dossier.id}/register-preview`));
  } catch (failure) {
    preview.replaceChildren(element('p', failureText(failure), 'hint'));
  }
}
