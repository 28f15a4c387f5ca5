import type { AsJson } from '../../../core/api/as_json';
import type {
  ParcelRegister,
  RecordedRegisterRequest,
  RecordedRegisterRequestAnswer,
  RegisterPreview,
} from '../../../core/api/register';
import { idKinds } from '../../../core/registry/id_numbers';
import { getJson, sendJson } from '../api';
import type { AppContext } from '../app_context';
import { element } from '../dom';
import type { MessageKey } from '../i18n';
import { clearFieldErrors, collectFields, showFailure } from './field_paths';
import { choice, controlOf, field } from './form_controls';
import { keyed, RowList } from './row_list';

/** Reads the value at a dotted path of a recorded body. */
const valueAt = (body: unknown, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (node, key) =>
        node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined,
      body,
    );

/** Enables (and shows) `labels` only while `select` has `value`. */
function shownWhen(select: HTMLSelectElement, value: string, labels: HTMLElement[]): void {
  const apply = () => {
    for (const label of labels) {
      label.hidden = select.value !== value;
      controlOf(label).disabled = select.value !== value;
    }
  };
  select.addEventListener('change', apply);
  apply();
}

/**
 * The register data of a dossier's procedure (PUT /api/dossiers/{id}/register-request):
 * recipients, holders or lessees with their ID and share, contract, certificate to endorse
 * or issue, mortgage creditor and amount, the contract to release, the new land uses. The
 * recorded request fills it again; each refusal is shown next to the field it names.
 */
export class RegisterForm {
  private readonly form = element('form', undefined, 'register-form') as HTMLFormElement;
  private readonly message = element('p', undefined, 'message');
  private readonly lists: RowList[] = [];

  constructor(
    private readonly app: AppContext,
    private readonly dossierId: number,
    private readonly effect: string,
    private readonly parcelIds: number[],
    private readonly onSaved: (preview: AsJson<RegisterPreview>) => void,
  ) {
    this.message.setAttribute('role', 'status');
    this.form.dataset.effect = effect;
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.save();
    });
  }

  /** Builds the form for the effect and fills it with the recorded request when `recorded`. */
  async render(recorded: boolean): Promise<HTMLElement> {
    const save = element('button', this.app.t('registerSave'), 'primary') as HTMLButtonElement;
    save.type = 'submit';
    this.form.replaceChildren(...(await this.fields()), save, this.message);
    if (recorded) {
      const request = await getJson<AsJson<RecordedRegisterRequest>>(
        `/api/dossiers/${this.dossierId}/register-request`,
      );
      this.fill(request.body);
      this.form.dataset.recorded = 'true';
    }
    return this.form;
  }

  private fill(body: Record<string, unknown>): void {
    for (const list of this.lists) {
      const rows = valueAt(body, list.name);
      if (Array.isArray(rows)) list.resize(rows.length);
    }
    for (const control of this.form.querySelectorAll<HTMLInputElement>('[data-field]')) {
      const value = valueAt(body, control.dataset.field ?? '');
      if (value !== undefined && value !== null) control.value = String(value);
    }
    for (const select of this.form.querySelectorAll('select')) {
      select.dispatchEvent(new Event('change'));
    }
  }

  private async save(): Promise<void> {
    clearFieldErrors(this.form);
    try {
      const answer = await sendJson<AsJson<RecordedRegisterRequestAnswer>>(
        'PUT',
        `/api/dossiers/${this.dossierId}/register-request`,
        collectFields(this.form),
        this.app.session?.csrfToken,
      );
      this.form.dataset.recorded = 'true';
      this.message.className = 'message done';
      this.message.textContent = this.app.t('registerSaved');
      this.onSaved(answer.preview);
    } catch (failure) {
      showFailure(this.form, this.message, failure);
    }
  }

  private party(name: string, legend: string, shares: boolean): RowList {
    const { t } = this.app;
    const kinds = idKinds.map((kind) => [kind, t(`idKind_${kind}` as MessageKey)] as const);
    const list = new RowList(this.app, name, legend, () => [
      keyed(field(t('fullName'), '', { required: true }), 'fullName'),
      keyed(choice(t('idKind'), '', kinds, 'cccd'), 'idKind'),
      keyed(field(t('idNumber'), '', { required: true }), 'idNumber'),
      keyed(field(t('address'), '', { required: true }), 'address'),
      ...(shares
        ? [keyed(field(t('share'), '', { type: 'number', step: 'any', value: '1' }), 'share')]
        : []),
      keyed(field(t('taxId'), ''), 'taxId'),
    ]);
    this.lists.push(list);
    return list;
  }

  private contract(): HTMLElement {
    const { t } = this.app;
    return element(
      'fieldset',
      undefined,
      'grid',
      element('legend', t('contract')),
      field(t('contractNo'), 'contract.number', { required: true }),
      field(t('contractDate'), 'contract.date', { type: 'date', required: true }),
    );
  }

  /** Serial and register numbers of a new certificate, under `prefix`. */
  private newCertificate(prefix: string): HTMLLabelElement[] {
    const { t } = this.app;
    return [
      field(t('certificateSerial'), `${prefix}.serialNo`, { required: true }),
      field(t('certificateRegisterNo'), `${prefix}.registerNo`, { required: true }),
    ];
  }

  private landUses(): RowList {
    const { t } = this.app;
    const list = new RowList(this.app, 'landUses', t('newLandUses'), () => [
      keyed(field(t('landUseCode'), '', { required: true }), 'code'),
      keyed(field(t('areaM2'), '', { type: 'number', step: 'any', required: true }), 'area'),
    ]);
    this.lists.push(list);
    return list;
  }

  private async fields(): Promise<HTMLElement[]> {
    const { t } = this.app;
    switch (this.effect) {
      case 'transfer': {
        const mode = choice(t('certificateMode'), 'certificate.mode', [
          ['endorse', t('certificateEndorse')],
          ['new', t('certificateNew')],
        ]);
        const numbers = this.newCertificate('certificate');
        shownWhen(controlOf(mode), 'new', numbers);
        return [
          this.party('recipients', t('recipients'), true).root,
          this.contract(),
          element(
            'fieldset',
            undefined,
            'grid',
            element('legend', t('certificate')),
            mode,
            ...numbers,
          ),
        ];
      }
      case 'lease':
        return [
          this.party('lessees', t('lessees'), true).root,
          this.contract(),
          field(t('termUntil'), 'termUntil', { type: 'date', required: true }),
        ];
      case 'mortgage':
        return [
          element(
            'fieldset',
            undefined,
            'grid',
            element('legend', t('creditor')),
            field(t('fullName'), 'creditor.name', { required: true }),
            field(t('creditorId'), 'creditor.idNumber'),
          ),
          this.contract(),
          field(t('securedAmount'), 'securedAmount', { type: 'number' }),
        ];
      case 'mortgage_release':
        return [field(t('contractNo'), 'contractNo', { required: true })];
      case 'land_use_change':
        return [this.landUses().root];
      case 'first_registration': {
        const term = choice(t('useTerm'), 'term.kind', [
          ['long_term', t('termLongTerm')],
          ['until', t('termUntil')],
        ]);
        const until = field(t('termUntil'), 'term.until', { type: 'date', required: true });
        shownWhen(controlOf(term), 'until', [until]);
        return [
          this.party('holders', t('holders'), true).root,
          field(t('originOfUse'), 'originOfUse', { required: true }),
          element('div', undefined, 'grid', term, until),
          element(
            'fieldset',
            undefined,
            'grid',
            element('legend', t('certificateNew')),
            ...this.newCertificate('certificate'),
          ),
        ];
      }
      case 'certificate_replacement':
        return [
          element(
            'fieldset',
            undefined,
            'grid',
            element('legend', t('certificateNew')),
            ...this.newCertificate('certificate'),
          ),
        ];
      case 'holder_info_change':
        return [await this.holderChoice(), ...this.holderChanges()];
      default:
        return [element('p', t('registerNone'))];
    }
  }

  /** The holder whose details change, chosen among the current holders of the parcels. */
  private async holderChoice(): Promise<HTMLElement> {
    const holders = new Map<number, string>();
    for (const parcelId of this.parcelIds) {
      const register = await getJson<ParcelRegister>(`/api/parcels/${parcelId}/register`).catch(
        () => undefined,
      );
      for (const right of register?.rights ?? [])
        holders.set(right.holder.partyId, right.holder.name);
    }
    const select = choice(
      this.app.t('holders'),
      'partyId',
      [...holders].map(([id, name]) => [String(id), name] as const),
    );
    controlOf(select).dataset.type = 'number';
    return select;
  }

  private holderChanges(): HTMLElement[] {
    const { t } = this.app;
    const kinds = idKinds.map((kind) => [kind, t(`idKind_${kind}` as MessageKey)] as const);
    return [
      field(t('fullName'), 'fullName'),
      choice(t('idKind'), 'idKind', [['', '—'], ...kinds]),
      field(t('idNumber'), 'idNumber'),
      field(t('address'), 'address'),
    ];
  }
}
