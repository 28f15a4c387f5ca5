import type { AppContext } from '../app_context';
import type { MessageKey } from '../i18n';
import type { AttributeForm } from './attribute_form';
import type { HistoryView } from './history_view';
import type { Violation } from './violations';

/** Everything the editor's buttons can ask for. */
export type EditorAction =
  | 'pick'
  | 'draw'
  | 'split'
  | 'merge'
  | 'history'
  | 'check'
  | 'save'
  | 'undo'
  | 'undoStep'
  | 'close';

const toolbar: [EditorAction, MessageKey][] = [
  ['pick', 'editorPick'],
  ['draw', 'editorDraw'],
  ['split', 'editorSplit'],
  ['merge', 'editorMerge'],
  ['history', 'editorHistory'],
];
const footer: [EditorAction, MessageKey][] = [
  ['check', 'editorCheck'],
  ['save', 'editorSave'],
  ['undoStep', 'editorUndoStep'],
  ['undo', 'editorUndo'],
  ['close', 'close'],
];

const element = <K extends keyof HTMLElementTagNameMap>(tag: K, id?: string) => {
  const node = document.createElement(tag);
  if (id) node.id = id;
  return node;
};

/**
 * The editor's side panel: mode toolbar, optional dossier number, status line, the
 * attribute form, a list (split parts, parcels to merge), violations and the history.
 * It only shows things; the ParcelEditor decides what they mean.
 */
export class EditorPanel {
  private buttons = new Map<EditorAction, HTMLButtonElement>();
  private heading = element('h2');
  private dossierLabel = element('span');
  readonly dossier = element('input', 'editor-dossier');
  private status = element('p', 'editor-status');
  private list = element('section', 'editor-list');
  private violations = element('section', 'editor-violations');
  private statusKey: MessageKey | undefined;
  private statusExtra = '';
  private listTitle: MessageKey | undefined;
  private listItems: string[] = [];
  /** Per list item, the parcel number a surveyor may change (split parts); empty otherwise. */
  private listNumbers: number[] = [];
  private shownViolations: Violation[] | undefined;

  constructor(
    readonly root: HTMLElement,
    private readonly app: AppContext,
    form: AttributeForm,
    history: HistoryView,
    onAction: (action: EditorAction) => void,
  ) {
    const makeButtons = (entries: [EditorAction, MessageKey][], className: string) => {
      const bar = element('div');
      bar.className = className;
      for (const [action] of entries) {
        const button = element('button', `editor-${action}`);
        button.type = 'button';
        button.addEventListener('click', () => onAction(action));
        this.buttons.set(action, button);
        bar.append(button);
      }
      return bar;
    };
    this.dossier.type = 'number';
    this.dossier.min = '1';
    const dossierField = element('label');
    dossierField.append(this.dossierLabel, this.dossier);
    this.status.setAttribute('role', 'status');
    this.violations.setAttribute('role', 'alert');
    root.replaceChildren(
      this.heading,
      makeButtons(toolbar, 'editor-toolbar'),
      dossierField,
      this.status,
      form.element,
      this.list,
      this.violations,
      makeButtons(footer, 'editor-actions'),
      history.element,
    );
    this.relabel();
  }

  relabel(): void {
    const { t } = this.app;
    this.heading.textContent = t('editorTitle');
    this.dossierLabel.textContent = t('editorDossier');
    for (const [action, key] of [...toolbar, ...footer])
      (this.buttons.get(action) as HTMLButtonElement).textContent = t(key);
    this.renderStatus();
    this.renderList();
    this.renderViolations();
  }

  /** Enables exactly the given actions (close is always possible). */
  enable(actions: EditorAction[]): void {
    for (const [action, button] of this.buttons)
      button.disabled = action !== 'close' && !actions.includes(action);
  }

  setStatus(key: MessageKey | undefined, extra = ''): void {
    this.statusKey = key;
    this.statusExtra = extra;
    this.renderStatus();
  }

  setList(title: MessageKey | undefined, items: string[], numbers: number[] = []): void {
    this.listTitle = title;
    this.listItems = items;
    this.listNumbers = numbers;
    this.renderList();
  }

  /** The numbers as the surveyor left them in the list's fields; undefined when it has none. */
  listedNumbers(): number[] | undefined {
    return this.listNumbers.length > 0 ? [...this.listNumbers] : undefined;
  }

  /** Violations to list; an empty array says "no violations", undefined hides the section. */
  setViolations(violations: Violation[] | undefined): void {
    this.shownViolations = violations;
    this.renderViolations();
  }

  private renderStatus(): void {
    const text = this.statusKey ? this.app.t(this.statusKey) : '';
    this.status.textContent = [text, this.statusExtra].filter(Boolean).join(' ');
  }

  private renderList(): void {
    this.list.hidden = this.listTitle === undefined;
    const items = element('ul');
    for (const [index, text] of this.listItems.entries()) {
      const item = element('li');
      item.textContent = text;
      const number = this.listNumbers[index];
      if (number !== undefined) item.append(' ', this.numberField(index, number));
      items.append(item);
    }
    const title = element('h3');
    title.textContent = this.listTitle ? this.app.t(this.listTitle) : '';
    this.list.replaceChildren(title, items);
  }

  private numberField(index: number, value: number): HTMLLabelElement {
    const label = element('label');
    const input = element('input', `editor-part-no-${index + 1}`);
    input.type = 'number';
    input.min = '1';
    input.step = '1';
    input.value = String(value);
    input.addEventListener('change', () => {
      const typed = Number(input.value);
      if (Number.isInteger(typed) && typed > 0) this.listNumbers[index] = typed;
      else input.value = String(this.listNumbers[index]);
    });
    label.append(`${this.app.t('editorPartNumber')} `, input);
    return label;
  }

  private renderViolations(): void {
    const violations = this.shownViolations;
    this.violations.hidden = violations === undefined;
    this.violations.dataset.count = String(violations?.length ?? 0);
    const title = element('h3');
    title.textContent = this.app.t('editorViolations');
    const items = element('ul');
    for (const violation of violations ?? []) {
      const item = element('li');
      const rule = violation.rule ? `[${violation.rule}] ` : '';
      const where = violation.location
        ? ` (${violation.location.lon.toFixed(6)}, ${violation.location.lat.toFixed(6)})`
        : '';
      item.textContent = `${rule}${violation.message}${where}`;
      items.append(item);
    }
    if (violations?.length === 0) {
      const item = element('li');
      item.className = 'ok';
      item.textContent = this.app.t('editorNoViolations');
      items.append(item);
    }
    this.violations.replaceChildren(title, items);
  }
}
