import type { AppContext } from '../app_context';
import { element } from '../dom';
import { button } from './form_controls';

/**
 * A list of like rows (recipients, holders, land uses) whose controls are named
 * `<name>.<index>.<key>`, renumbered after every removal so the paths the server names in
 * its errors (`recipients.1.idNumber`) always point at the row on screen.
 */
export class RowList {
  readonly root: HTMLElement;
  private readonly rows = element('div', undefined, 'rows');

  constructor(
    private readonly app: AppContext,
    readonly name: string,
    legend: string,
    private readonly makeRow: () => HTMLElement[],
    private readonly min = 1,
  ) {
    this.root = element('fieldset', undefined, 'row-list', element('legend', legend), this.rows);
    this.root.dataset.fieldGroup = name;
    this.root.append(button(app.t('addRow'), () => this.add()));
    for (let index = 0; index < min; index++) this.add();
  }

  /** Adds a row; its controls are given `data-key`, the last part of their path. */
  add(): void {
    const row = element('div', undefined, 'row', ...this.makeRow());
    row.append(
      button(
        this.app.t('remove'),
        () => {
          if (this.rows.children.length <= this.min) return;
          row.remove();
          this.renumber();
        },
        'remove',
      ),
    );
    this.rows.append(row);
    this.renumber();
  }

  /** Makes exactly `count` rows (at least the minimum). */
  resize(count: number): void {
    while (this.rows.children.length < Math.max(count, this.min)) this.add();
    while (this.rows.children.length > Math.max(count, this.min))
      this.rows.lastElementChild?.remove();
    this.renumber();
  }

  private renumber(): void {
    for (const [index, row] of [...this.rows.children].entries()) {
      for (const control of row.querySelectorAll<HTMLElement>('[data-key]')) {
        control.dataset.field = `${this.name}.${index}.${control.dataset.key}`;
        if ('name' in control) (control as HTMLInputElement).name = control.dataset.field;
      }
    }
  }
}

/** Marks the control of a label made by `field` or `choice` as the row's `key`. */
export function keyed(label: HTMLLabelElement, key: string): HTMLLabelElement {
  const control = label.querySelector<HTMLElement>('input, select');
  if (control) control.dataset.key = key;
  return label;
}
