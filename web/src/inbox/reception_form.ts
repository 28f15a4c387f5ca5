import type { AsJson } from '../../../core/api/as_json';
import type { DossierPage } from '../../../core/api/dossier';
import type { PublicCommune } from '../../../core/api/land_statistics';
import type { Procedure } from '../../../core/api/procedure';
import { idKinds } from '../../../core/registry/id_numbers';
import { getJson, postJson } from '../api';
import type { AppContext } from '../app_context';
import { element } from '../dom';
import type { MessageKey } from '../i18n';
import { clearFieldErrors, collectFields, failureText, showFailure } from './field_paths';
import { choice, controlOf, field } from './form_controls';
import { ParcelPicker } from './parcel_picker';
import { uploadAttachment } from './upload_attachment';

type ProcedureJson = AsJson<Procedure>;

/**
 * Receiving a dossier at the counter: the procedure (its checklist and time limit shown),
 * the commune, the parcels (map or numbers), the applicant, and one file per checklist
 * item uploaded with its progress once the dossier exists. Refusals are shown next to the
 * field the server names. `onReceived` opens the new dossier.
 */
export class ReceptionForm {
  private readonly form = element('form', undefined, 'reception') as HTMLFormElement;
  private readonly message = element('p', undefined, 'message');
  private readonly checklist = element('div', undefined, 'checklist');
  private procedures: ProcedureJson[] = [];
  private picker: ParcelPicker | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly app: AppContext,
    private readonly onReceived: (id: number, note: string) => void,
  ) {
    this.message.setAttribute('role', 'status');
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submit();
    });
  }

  /** Builds the form afresh (procedures and communes from the API) and shows it. */
  async open(): Promise<void> {
    const { t } = this.app;
    const [{ procedures }, { communes }] = await Promise.all([
      getJson<{ procedures: ProcedureJson[] }>('/api/procedures'),
      getJson<{ communes: PublicCommune[] }>('/api/public/communes'),
    ]);
    this.procedures = procedures;
    const procedure = choice(
      t('procedure'),
      'procedure',
      procedures.map((p) => [p.code, this.app.language === 'vi' ? p.nameVi : p.nameEn] as const),
    );
    const commune = choice(t('commune'), 'communeId', [
      ['', '—'],
      ...communes.map((c) => [String(c.id), `${c.name} (${c.code})`] as const),
    ]);
    controlOf(commune).dataset.type = 'number';
    controlOf<HTMLSelectElement>(commune).required = true;
    const picker = new ParcelPicker(this.app);
    this.picker = picker;
    controlOf(commune).addEventListener('change', () => {
      const chosen = communes.find((c) => String(c.id) === controlOf(commune).value);
      if (chosen) picker.setCommune(chosen.code);
    });
    controlOf(procedure).addEventListener('change', () => this.showChecklist());

    const idKindChoices = idKinds.map((kind) => [kind, t(`idKind_${kind}` as MessageKey)] as const);
    const applicant = element(
      'fieldset',
      undefined,
      'grid',
      element('legend', t('applicant')),
      field(t('fullName'), 'applicant.fullName', { required: true }),
      choice(t('idKind'), 'applicant.idKind', idKindChoices, 'cccd'),
      field(t('idNumber'), 'applicant.idNumber', { required: true }),
      field(t('address'), 'applicant.address', { required: true }),
      field(t('phone'), 'applicant.phone', { type: 'tel' }),
      field(t('emailOptional'), 'applicant.email', { type: 'email' }),
      choice(t('mailLanguage'), 'applicant.language', [
        ['vi', 'Tiếng Việt'],
        ['en', 'English'],
      ]),
    );
    const submit = element('button', t('receptionSubmit'), 'primary') as HTMLButtonElement;
    submit.type = 'submit';
    this.form.replaceChildren(
      element('h2', t('receptionTitle')),
      element('div', undefined, 'grid', procedure, commune),
      this.checklist,
      picker.root,
      applicant,
      field(t('declaredValue'), 'declaredValue', { type: 'number' }),
      submit,
      this.message,
    );
    this.message.textContent = '';
    this.root.replaceChildren(this.form);
    this.root.hidden = false;
    this.showChecklist();
    picker.show();
  }

  hide(): void {
    this.root.hidden = true;
  }

  private selected(): ProcedureJson | undefined {
    const code = (this.form.elements.namedItem('procedure') as HTMLSelectElement | null)?.value;
    return this.procedures.find((p) => p.code === code);
  }

  /** The chosen procedure's time limit, and a file input per document of its checklist. */
  private showChecklist(): void {
    const procedure = this.selected();
    const { t } = this.app;
    if (!procedure) {
      this.checklist.replaceChildren();
      return;
    }
    const items = element('ol');
    for (const document of procedure.requiredDocuments) {
      const file = element('input') as HTMLInputElement;
      file.type = 'file';
      file.accept = 'application/pdf,image/jpeg,image/png,image/tiff';
      file.dataset.documentKind = document;
      file.setAttribute('aria-label', document);
      const progress = element('progress') as HTMLProgressElement;
      progress.max = 1;
      progress.value = 0;
      progress.hidden = true;
      items.append(
        element('li', undefined, 'checklist-item', element('span', document), file, progress),
      );
    }
    const limit = `${t('limitDays')}: ${procedure.limitWorkingDays}${
      procedure.remoteExtraWorkingDays
        ? ` (+${procedure.remoteExtraWorkingDays} ${t('remoteExtra')})`
        : ''
    }`;
    this.checklist.replaceChildren(
      element('p', limit, 'limit'),
      element('h3', t('receptionChecklist')),
      items,
    );
  }

  private async submit(): Promise<void> {
    const { t } = this.app;
    clearFieldErrors(this.form);
    const body = collectFields(this.form);
    body.parcelIds = this.picker?.ids() ?? [];
    this.message.className = 'message';
    this.message.textContent = t('working');
    let dossier: AsJson<DossierPage>;
    try {
      dossier = await postJson<AsJson<DossierPage>>(
        '/api/dossiers',
        body,
        this.app.session?.csrfToken,
      );
    } catch (failure) {
      showFailure(this.form, this.message, failure);
      return;
    }
    const refused: string[] = [];
    for (const item of this.form.querySelectorAll<HTMLLIElement>('.checklist-item')) {
      const input = item.querySelector('input[type=file]') as HTMLInputElement;
      const progress = item.querySelector('progress') as HTMLProgressElement;
      const file = input.files?.[0];
      if (!file) continue;
      progress.hidden = false;
      try {
        await uploadAttachment(
          dossier.id,
          file,
          input.dataset.documentKind ?? '',
          this.app.session?.csrfToken,
          (share) => {
            progress.value = share;
          },
        );
      } catch (failure) {
        const text = `${file.name}: ${failureText(failure)}`;
        refused.push(text);
        item.append(element('small', text, 'field-error'));
      }
    }
    const received = `${t('receptionDone')} ${dossier.receiptCode}`;
    if (refused.length === 0) {
      this.onReceived(dossier.id, received);
      return;
    }
    // The dossier exists: say which files were refused and let the officer go on to it.
    const open = element('button', t('openDossier')) as HTMLButtonElement;
    open.type = 'button';
    open.addEventListener('click', () => this.onReceived(dossier.id, received));
    this.message.className = 'message refused';
    this.message.replaceChildren(
      `${received}. ${t('uploadRefused')}: ${refused.join('; ')} `,
      open,
    );
  }
}
