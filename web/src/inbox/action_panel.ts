import type { AsJson } from '../../../core/api/as_json';
import type { AllowedAction, DossierPage } from '../../../core/api/dossier';
import { ApiError, postJson } from '../api';
import type { AppContext } from '../app_context';
import { element } from '../dom';
import { type MessageKey, translateOr } from '../i18n';
import { clearFieldErrors, collectFields, failureText, showFieldError } from './field_paths';
import { choice, controlOf, field } from './form_controls';

type Dossier = AsJson<DossierPage>;

/** Actions that end a dossier for good: asked twice. */
const confirmed = new Set(['reject', 'withdraw', 'cancel']);

/** What an action led to: the dossier after it, or the server's refusal. */
export type ActionOutcome =
  | { kind: 'done'; action: string; dossier: Dossier }
  | { kind: 'refused'; action: string; status: number; text: string };

/** Asks "are you sure" in a modal dialog; resolves true only on the confirm button. */
export function confirmDialog(
  app: AppContext,
  question: string,
  confirmLabel: string,
): Promise<boolean> {
  const dialog = element('dialog', undefined, 'confirm') as HTMLDialogElement;
  const yes = element('button', confirmLabel, 'danger') as HTMLButtonElement;
  const no = element('button', app.t('cancel')) as HTMLButtonElement;
  yes.type = 'button';
  no.type = 'button';
  dialog.append(element('p', question), element('menu', undefined, undefined, yes, no));
  document.body.append(dialog);
  return new Promise((resolve) => {
    let answer = false;
    yes.addEventListener('click', () => {
      answer = true;
      dialog.close();
    });
    no.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(answer);
    });
    dialog.showModal();
  });
}

/**
 * One form per action the server allows now, with the inputs its body needs: a note, the
 * target office, the assignee, the tax notice (number, amount, date), the payment (receipt
 * number, day, amount). Reject, withdraw and cancel ask for confirmation first. A refusal
 * naming a field is shown next to it; every outcome goes to `onOutcome`.
 */
export class ActionPanel {
  constructor(
    private readonly app: AppContext,
    private readonly onOutcome: (outcome: ActionOutcome) => void,
  ) {}

  render(dossier: Dossier): HTMLElement {
    const panel = element('div', undefined, 'actions');
    if (dossier.allowedActions.length === 0) panel.append(element('p', this.app.t('noActions')));
    for (const allowed of dossier.allowedActions) panel.append(this.form(dossier, allowed));
    return panel;
  }

  private label(allowed: AsJson<AllowedAction>): string {
    return translateOr(this.app.language, `action_${allowed.action}`, allowed.action);
  }

  private inputs(allowed: AsJson<AllowedAction>): HTMLElement[] {
    const { t } = this.app;
    const today = new Date().toISOString().slice(0, 10);
    const controls: HTMLElement[] = [];
    if (allowed.targets) {
      const target = choice(
        t('targetOffice'),
        'targetOfficeId',
        allowed.targets.map((o) => [String(o.id), o.name] as const),
      );
      controlOf(target).dataset.type = 'number';
      controls.push(target);
    }
    if (allowed.assignees) {
      const assignee = choice(t('assignee'), 'assigneeUserId', [
        ['', t('assignSelf')],
        ...allowed.assignees.map((u) => [String(u.id), u.displayName] as const),
      ]);
      controlOf(assignee).dataset.type = 'number';
      controls.push(assignee);
    }
    if (allowed.fields.includes('noticeNo')) {
      controls.push(
        field(t('noticeNo'), 'noticeNo', { required: true }),
        field(t('amountVnd'), 'amount', { type: 'number', required: true }),
        field(t('noticeDate'), 'noticeDate', { type: 'date', required: true, value: today }),
      );
    }
    if (allowed.fields.includes('paymentRef')) {
      controls.push(
        field(t('paymentRef'), 'paymentRef', { required: true }),
        field(t('paidOn'), 'paidOn', { type: 'date', required: true, value: today }),
        field(t('amountVnd'), 'amount', { type: 'number' }),
      );
    }
    const note = element('input') as HTMLInputElement;
    note.name = 'note';
    note.dataset.field = 'note';
    note.placeholder = t('note');
    note.setAttribute('aria-label', t('note'));
    note.required = allowed.fields.includes('note');
    controls.push(note);
    return controls;
  }

  private form(dossier: Dossier, allowed: AsJson<AllowedAction>): HTMLFormElement {
    const { t } = this.app;
    const form = element('form', undefined, 'action') as HTMLFormElement;
    form.dataset.action = allowed.action;
    const submit = element(
      'button',
      `${this.label(allowed)} → ${t(`state_${allowed.to}` as MessageKey)}`,
      confirmed.has(allowed.action) ? 'danger' : undefined,
    ) as HTMLButtonElement;
    submit.type = 'submit';
    form.append(...this.inputs(allowed), submit);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (
        confirmed.has(allowed.action) &&
        !(await confirmDialog(
          this.app,
          `${t('confirmAction')} ${this.label(allowed)} ${dossier.receiptCode}?`,
          this.label(allowed),
        ))
      ) {
        return;
      }
      clearFieldErrors(form);
      submit.disabled = true;
      try {
        const after = await postJson<Dossier>(
          `/api/dossiers/${dossier.id}/actions/${allowed.action}`,
          collectFields(form),
          this.app.session?.csrfToken,
        );
        this.onOutcome({ kind: 'done', action: allowed.action, dossier: after });
      } catch (failure) {
        submit.disabled = false;
        const status = failure instanceof ApiError ? failure.status : 0;
        const named = failure instanceof ApiError ? failure.detail?.field : undefined;
        if (typeof named === 'string' && failure instanceof Error) {
          showFieldError(form, named, failure.message);
        }
        this.onOutcome({
          kind: 'refused',
          action: allowed.action,
          status,
          text: failureText(failure),
        });
      }
    });
    return form;
  }
}
